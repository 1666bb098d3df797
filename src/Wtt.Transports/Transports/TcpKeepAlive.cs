// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Sockets;

namespace Wtt.Transports;

/// <summary>Turns on TCP keep-alive, so a peer that vanished without closing (a machine that lost power or network) ends the connection in about 20 seconds instead of hours.</summary>
internal static class TcpKeepAlive
{
    /// <summary>Sets Nagle off and keep-alive on (10 s idle, 3 s interval, 3 probes) where the platform allows.</summary>
    public static void Apply(Socket socket)
    {
        socket.NoDelay = true;
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 10);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 3);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
        }
        catch (SocketException)
        {
            // Keep-alive tuning is best effort; the connection works without it.
        }
    }
}
