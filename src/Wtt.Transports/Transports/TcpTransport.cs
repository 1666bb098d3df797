// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace Wtt.Transports;

/// <summary>Connects over TCP: <c>tcp://host:port</c>. Listening on port 0 picks a free port, which the listener's address reports.</summary>
/// <remarks>Sockets have Nagle's algorithm off (NoDelay) and keep-alive on, so a vanished peer ends the connection. For TLS use <see cref="TlsTcpTransport"/> (<c>tcps://host:port</c>). This type is thread-safe.</remarks>
public sealed class TcpTransport : IWttTransport
{
    /// <inheritdoc/>
    public string Scheme => "tcp";

    /// <inheritdoc/>
    public async ValueTask<Stream> ConnectAsync(Uri address, CancellationToken cancellationToken = default)
        => new NetworkStream(await ConnectSocketAsync(address, Scheme, cancellationToken).ConfigureAwait(false), ownsSocket: true);

    /// <inheritdoc/>
    public ValueTask<IWttListener> ListenAsync(Uri address, CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IWttListener>(Listen(address, Scheme));

    /// <summary>Tells whether a listen address binds only to loopback.</summary>
    /// <param name="address">A tcp (or tcps) address.</param>
    /// <returns><see langword="true"/> for localhost, 127.x.x.x and ::1.</returns>
    public static bool IsLoopback(Uri address)
        => address is not null && (address.IsLoopback || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));

    /// <summary>Connects a socket to a <paramref name="scheme"/>://host:port address.</summary>
    internal static async ValueTask<Socket> ConnectSocketAsync(Uri address, string scheme, CancellationToken cancellationToken)
    {
        var (host, port) = Parse(address, scheme, listening: false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        TcpKeepAlive.Apply(socket);
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw TransportAddress.Unreachable(address, ex.SocketErrorCode.ToString(), ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Listens on a <paramref name="scheme"/>://host:port address.</summary>
    internal static StreamListener Listen(Uri address, string scheme)
    {
        var (host, port) = Parse(address, scheme, listening: true);
        var ip = host is "*" or "+" or "0.0.0.0" ? IPAddress.Any
            : host is "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed
            : throw WttException.InvalidArgument($"Listen address '{address}' needs an IP address, 'localhost' or '0.0.0.0' as host.");
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(ip, port));
            socket.Listen(512);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new WttException(ex.SocketErrorCode == SocketError.AccessDenied ? WttErrorCode.AccessDenied : WttErrorCode.InvalidArgument, $"Cannot listen on {address}: {ex.SocketErrorCode}. Pick another port, or 0 for any free one.", ex);
        }

        var actual = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var reported = new UriBuilder(address) { Port = actual }.Uri;
        return new StreamListener(socket, reported, tcp: true);
    }

    private static (string Host, int Port) Parse(Uri address, string scheme, bool listening)
    {
        TransportAddress.Check(address, scheme);
        var port = address.Port;
        if (port < 0 || port > 65535 || (port == 0 && !listening) || string.IsNullOrEmpty(address.Host))
        {
            throw WttException.InvalidArgument($"Address '{address}' needs a host and a port: {scheme}://host:{(listening ? "port (0 picks one)" : "port")}.");
        }

        return (address.Host, port);
    }
}
