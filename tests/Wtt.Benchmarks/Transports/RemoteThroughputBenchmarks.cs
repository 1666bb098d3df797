// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Attributes;
using Wtt.Transports;

namespace Wtt.Benchmarks.Transports;

/// <summary>
/// 64 calls in flight on one tcp connection, Wtt against a bare StreamJsonRpc echo (SystemTextJsonFormatter). Budget: Wtt ≥ 0.7× the
/// echo's calls per second (the design's), ≥ 0.95× (issue 13's). The .NET client speaks MessagePack on a plain connection (its output streams use a second, multiplexed
/// one); the JSON row is what other clients get.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RemoteThroughputBenchmarks
{
    private const int InFlight = 64;
    private static readonly WttProcessId Id = WttProcessId.New();
    private readonly Task[] calls = new Task[InFlight];
    private Baselines? baselines;
    private WttAgentServer? server;
    private WttAgentServer? journaledServer;
    private RemoteWttClient? journaled;
    private string? journalFolder;
    private RemoteWttClient? client;
    private RemoteWttClient? json;

    /// <summary>Gets the baselines, once set up.</summary>
    internal Baselines? Baselines => baselines;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        baselines = await Baselines.StartAsync();
        var transport = new TcpTransport();
        server = await WttAgentServer.StartAsync(new EchoWttClient(), transport, new Uri("tcp://127.0.0.1:0"), new WttAgentServerOptions { Security = { SharedSecret = "bench" } });
        client = await RemoteWttClient.ConnectAsync(transport, server.Address, new RemoteWttClientOptions { SharedSecret = "bench" });
        journalFolder = Path.Combine("/dev/shm", "wtt-bench-journal-" + Guid.NewGuid().ToString("N"));
        journaledServer = await WttAgentServer.StartAsync(new EchoWttClient(), transport, new Uri("tcp://127.0.0.1:0"), new WttAgentServerOptions { Security = { SharedSecret = "bench" }, JournalFolder = journalFolder });
        journaled = await RemoteWttClient.ConnectAsync(transport, journaledServer.Address, new RemoteWttClientOptions { SharedSecret = "bench" });
        json = await RemoteWttClient.ConnectAsync(transport, server.Address, new RemoteWttClientOptions { SharedSecret = "bench", Encoding = WttWireEncoding.Json });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await client!.DisposeAsync();
        await journaled!.DisposeAsync();
        await journaledServer!.DisposeAsync();
        Directory.Delete(journalFolder!, recursive: true);
        await json!.DisposeAsync();
        await server!.DisposeAsync();
        await baselines!.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = InFlight, Description = "bare StreamJsonRpc echo, 64 in flight")]
    public Task BareEcho64()
    {
        for (var i = 0; i < InFlight; i++)
        {
            calls[i] = baselines!.EchoAsync("3f2c1e8a-0000-4000-8000-000000000001");
        }

        return Task.WhenAll(calls);
    }

    [Benchmark(OperationsPerInvoke = InFlight, Description = "bare StreamJsonRpc echo, MessagePack, 64 in flight")]
    public Task BareEchoMessagePack64()
    {
        for (var i = 0; i < InFlight; i++)
        {
            calls[i] = baselines!.EchoMessagePackAsync("3f2c1e8a-0000-4000-8000-000000000001");
        }

        return Task.WhenAll(calls);
    }

    [Benchmark(OperationsPerInvoke = InFlight, Description = "the wire alone (Wtt's handler, formatter and JsonRpc; an open-shaped method), 64 in flight")]
    public Task WireOnly64()
    {
        var callId = Guid.NewGuid();
        for (var i = 0; i < InFlight; i++)
        {
            calls[i] = baselines!.WireOnlyOpenAsync(callId, Id);
        }

        return Task.WhenAll(calls);
    }

    [Benchmark(OperationsPerInvoke = InFlight, Description = "the wire and the agent's target (no Wtt client), 64 in flight")]
    public Task WireAgent64()
    {
        for (var i = 0; i < InFlight; i++)
        {
            calls[i] = baselines!.WireAgentOpenAsync(CallIds.Next(), Id);
        }

        return Task.WhenAll(calls);
    }

    [Benchmark(OperationsPerInvoke = InFlight, Description = "Wtt open, tcp, 64 in flight")]
    public Task WttTcp64()
    {
        for (var i = 0; i < InFlight; i++)
        {
            calls[i] = client!.OpenProcessAsync(Id).AsTask();
        }

        return Task.WhenAll(calls);
    }

    [Benchmark(OperationsPerInvoke = InFlight, Description = "Wtt open, tcp, agent journaling to a file (tmpfs), 64 in flight")]
    public Task WttTcpJournaled64()
    {
        for (var i = 0; i < InFlight; i++)
        {
            calls[i] = journaled!.OpenProcessAsync(Id).AsTask();
        }

        return Task.WhenAll(calls);
    }

    [Benchmark(OperationsPerInvoke = InFlight, Description = "Wtt open, tcp, JSON, 64 in flight")]
    public Task WttTcpJson64()
    {
        for (var i = 0; i < InFlight; i++)
        {
            calls[i] = json!.OpenProcessAsync(Id).AsTask();
        }

        return Task.WhenAll(calls);
    }

    [Benchmark(OperationsPerInvoke = InFlight, Description = "Wtt currentInfo, tcp, 64 in flight")]
    public Task WttTcpCurrentInfo64()
    {
        for (var i = 0; i < InFlight; i++)
        {
            calls[i] = client!.GetCurrentProcessInfoAsync().AsTask();
        }

        return Task.WhenAll(calls);
    }
}
