// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Sockets;

namespace Wtt.Transports;

/// <summary>A listener over a listening socket (tcp or a Unix domain socket).</summary>
internal sealed class StreamListener : IWttListener
{
    private readonly Socket socket;
    private readonly Action? onDispose;
    private readonly bool tcp;
    private int disposed;

    /// <summary>Initializes a listener over a bound, listening socket.</summary>
    public StreamListener(Socket socket, Uri address, bool tcp, Action? onDispose = null)
    {
        this.socket = socket;
        this.tcp = tcp;
        this.onDispose = onDispose;
        Address = address;
    }

    /// <inheritdoc/>
    public Uri Address { get; }

    /// <inheritdoc/>
    public async ValueTask<Stream> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            if (tcp)
            {
                TcpKeepAlive.Apply(accepted);
            }

            return new NetworkStream(accepted, ownsSocket: true);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException && Volatile.Read(ref disposed) != 0)
        {
            throw new WttException(WttErrorCode.Closed, $"The listener on {Address} was closed.", ex);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            socket.Dispose();
            onDispose?.Invoke();
        }

        return default;
    }
}
