// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Attributes;
using Wtt.Transports;

namespace Wtt.Benchmarks.Transports;

/// <summary>A remote tail of 16 MiB in 64 KiB chunks over tcp loopback (IAsyncEnumerable over JSON-RPC). Budget: ≥ 100 MB/s.</summary>
[MemoryDiagnoser]
public class OutputStreamingBenchmarks
{
    private const int Chunks = 256;
    private WttAgentServer? server;
    private RemoteWttClient? client;
    private WttProcessHandle? handle;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var transport = new TcpTransport();
        server = await WttAgentServer.StartAsync(new EchoWttClient { ChunkCount = Chunks }, transport, new Uri("tcp://127.0.0.1:0"), new WttAgentServerOptions { Security = { SharedSecret = "bench" } });
        client = await RemoteWttClient.ConnectAsync(transport, server.Address, new RemoteWttClientOptions { SharedSecret = "bench" });
        handle = new WttProcessHandle(WttProcessId.New());
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await client!.DisposeAsync();
        await server!.DisposeAsync();
    }

    [Benchmark(Description = "Wtt tail 16 MiB (64 KiB chunks), tcp")]
    public async Task<long> Tail16MiB()
    {
        var total = 0L;
        await foreach (var chunk in client!.TailLogAsync(handle!))
        {
            total += chunk.Data.Length;
        }

        return total;
    }
}
