// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Wtt.Transports;

public sealed partial class NamedPipeTransport
{
    private const int MaxSocketPath = 107;

    [UnsupportedOSPlatform("windows")]
    private IWttListener ListenUnix(Uri address)
    {
        var path = SocketPath(address);
        if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxSocketPath)
        {
            throw WttException.InvalidArgument($"The socket path '{path}' is longer than {MaxSocketPath} bytes; use a shorter pipe name or socket folder.");
        }

        Directory.CreateDirectory(SocketFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(SocketFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        RemoveStale(path, address);

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(512);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new WttException(WttErrorCode.InvalidArgument, $"Cannot listen on {address} ({path}): {ex.SocketErrorCode}.", ex);
        }

        return new StreamListener(socket, address, tcp: false, () => TryDelete(path));
    }

    private static void RemoveStale(string path, Uri address)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            TryDelete(path);
            return;
        }

        throw WttException.InvalidArgument($"Another agent already listens on {address} ({path}); pick another pipe name.");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another listener may own it now.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to remove.
        }
    }
}
