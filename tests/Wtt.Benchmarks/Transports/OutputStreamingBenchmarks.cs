// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Attributes;
using Wtt.Transports;

namespace Wtt.Benchmarks.Transports;

/// <summary>
/// A remote tail of 16 MiB in 64 KiB chunks over tcp loopback: as a multiplexed channel (what the .NET client uses), as the
/// JSON enumerable (base64, what plain JSON-RPC clients use), and the same bytes over a bare socket.
/// Budget: ≥ 100 MB/s, that is ≤ 168 ms per 16 MiB.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class OutputStreamingBenchmarks
{
    private const int Chunks = 256;
    private const int ChunkBytes = 64 * 1024;
    private WttAgentServer? server;
    private RemoteWttClient? multiplexed;
    private RemoteWttClient? json;
    private RawStreamBaseline? raw;
    private WttProcessHandle? handle;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var transport = new TcpTransport();
        server = await WttAgentServer.StartAsync(new EchoWttClient { ChunkCount = Chunks, Chunk = new byte[ChunkBytes] }, transport, new Uri("tcp://127.0.0.1:0"), new WttAgentServerOptions { Security = { SharedSecret = "bench" } });
        multiplexed = await RemoteWttClient.ConnectAsync(transport, server.Address, new RemoteWttClientOptions { SharedSecret = "bench" });
        json = await RemoteWttClient.ConnectAsync(transport, server.Address, new RemoteWttClientOptions { SharedSecret = "bench", UseMultiplexing = false, Encoding = WttWireEncoding.Json });
        raw = await RawStreamBaseline.StartAsync(ChunkBytes, Chunks);
        handle = new WttProcessHandle(WttProcessId.New());
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await multiplexed!.DisposeAsync();
        await json!.DisposeAsync();
        await server!.DisposeAsync();
        await raw!.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw tcp socket, 16 MiB (64 KiB writes)")]
    public Task<long> Raw16MiB() => raw!.ReadAllAsync((long)Chunks * ChunkBytes);

    [Benchmark(Description = "Wtt tail 16 MiB (64 KiB chunks), tcp, multiplexed channel")]
    public Task<long> Tail16MiB() => TailAsync(multiplexed!);

    [Benchmark(Description = "Wtt tail 16 MiB (64 KiB chunks), tcp, JSON enumerable")]
    public Task<long> Tail16MiBJson() => TailAsync(json!);

    private async Task<long> TailAsync(RemoteWttClient client)
    {
        var total = 0L;
        await foreach (var chunk in client.TailLogAsync(handle!))
        {
            total += chunk.Data.Length;
        }

        return total;
    }
}
