// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.IO.Pipes;
using System.Net.Sockets;

namespace Wtt.Transports;

/// <summary>
/// Connects processes of one machine: <c>pipe://name</c>. On Linux and macOS a Unix domain socket in a folder
/// of the user's (mode 0700, the socket 0600); on Windows a named pipe for the current user only.
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed partial class NamedPipeTransport : IWttTransport
{
    /// <summary>Initializes the transport with the default socket folder.</summary>
    public NamedPipeTransport()
        : this(null)
    {
    }

    /// <summary>Initializes the transport.</summary>
    /// <param name="socketFolder">Where Unix sockets live; <see langword="null"/> for <c>$XDG_RUNTIME_DIR/wtt</c> or <c>/tmp/wtt-&lt;user&gt;</c>.</param>
    public NamedPipeTransport(string? socketFolder)
    {
        SocketFolder = socketFolder ?? DefaultFolder();
    }

    /// <summary>Gets the folder of the Unix domain sockets (unused on Windows).</summary>
    public string SocketFolder { get; }

    /// <inheritdoc/>
    public string Scheme => "pipe";

    /// <summary>Gets the socket path of a pipe name.</summary>
    /// <param name="address">A <c>pipe://name</c> address.</param>
    /// <returns>The path.</returns>
    public string SocketPath(Uri address) => Path.Combine(SocketFolder, TransportAddress.Name(address, Scheme) + ".sock");

    /// <inheritdoc/>
    public async ValueTask<Stream> ConnectAsync(Uri address, CancellationToken cancellationToken = default)
    {
        var name = TransportAddress.Name(address, Scheme);
        if (OperatingSystem.IsWindows())
        {
            var pipe = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
            try
            {
                await pipe.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return pipe;
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or UnauthorizedAccessException)
            {
                await pipe.DisposeAsync().ConfigureAwait(false);
                throw TransportAddress.Unreachable(address, ex.Message, ex);
            }
        }

        var path = SocketPath(address);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw TransportAddress.Unreachable(address, $"{ex.SocketErrorCode} on {path}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask<IWttListener> ListenAsync(Uri address, CancellationToken cancellationToken = default)
    {
        var name = TransportAddress.Name(address, Scheme);
        return OperatingSystem.IsWindows()
            ? ValueTask.FromResult<IWttListener>(new WindowsPipeListener(name, address))
            : ValueTask.FromResult(ListenUnix(address));
    }

    private static string DefaultFolder()
    {
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        return !string.IsNullOrEmpty(runtime) && Directory.Exists(runtime)
            ? Path.Combine(runtime, "wtt")
            : Path.Combine(Path.GetTempPath(), "wtt-" + Environment.UserName);
    }
}
