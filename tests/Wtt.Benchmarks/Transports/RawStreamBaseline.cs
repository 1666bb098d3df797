// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;

namespace Wtt.Benchmarks.Transports;

/// <summary>The output-streaming baseline: the same bytes in the same chunks over a bare TCP loopback socket.</summary>
internal sealed class RawStreamBaseline : IAsyncDisposable
{
    private readonly byte[] request = new byte[1];
    private readonly byte[] buffer = new byte[64 * 1024];
    private Socket? client;
    private Socket? server;

    public static async Task<RawStreamBaseline> StartAsync(int chunkBytes, int chunks)
    {
        var baseline = new RawStreamBaseline();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        baseline.client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await baseline.client.ConnectAsync(listener.LocalEndPoint!);
        baseline.server = await listener.AcceptAsync();
        baseline.server.NoDelay = true;
        _ = baseline.ServeAsync(chunkBytes, chunks);
        return baseline;
    }

    /// <summary>Asks for the bytes and reads them all.</summary>
    public async Task<long> ReadAllAsync(long total)
    {
        await client!.SendAsync(request);
        var read = 0L;
        while (read < total)
        {
            read += await client.ReceiveAsync(buffer);
        }

        return read;
    }

    public ValueTask DisposeAsync()
    {
        client?.Dispose();
        server?.Dispose();
        return default;
    }

    private async Task ServeAsync(int chunkBytes, int chunks)
    {
        var chunk = new byte[chunkBytes];
        var ask = new byte[1];
        try
        {
            while (await server!.ReceiveAsync(ask) == 1)
            {
                for (var i = 0; i < chunks; i++)
                {
                    await server.SendAsync(chunk);
                }
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
