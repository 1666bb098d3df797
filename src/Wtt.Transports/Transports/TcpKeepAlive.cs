// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Sockets;

namespace Wtt.Transports;

/// <summary>Turns on TCP keep-alive, so a peer that vanished without closing (a machine that lost power or network) ends the connection in 15 to 20 seconds instead of minutes or hours, idle or not.</summary>
internal static class TcpKeepAlive
{
    private const int IpProtocolTcp = 6;
    private const int TcpUserTimeout = 18;
    private const int UserTimeoutMilliseconds = 15_000;

    /// <summary>Sets Nagle off and keep-alive on (10 s idle, 3 s interval, 3 probes) and, on Linux, a 15 s limit on unacknowledged data, where the platform allows.</summary>
    public static void Apply(Socket socket)
    {
        socket.NoDelay = true;
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 10);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 3);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            if (OperatingSystem.IsLinux())
            {
                // TCP_USER_TIMEOUT: keep-alive only watches an idle connection; data left unacknowledged (a call sent
                // into a cut network) would otherwise be retransmitted for about 15 minutes before the connection ends.
                socket.SetRawSocketOption(IpProtocolTcp, TcpUserTimeout, BitConverter.GetBytes(UserTimeoutMilliseconds));
            }
        }
        catch (SocketException)
        {
            // Keep-alive tuning is best effort; the connection works without it.
        }
    }
}
