// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Attributes;
using Wtt.Transports;

namespace Wtt.Benchmarks.Transports;

/// <summary>
/// One small remote call (OpenProcessAsync: a UUID in, a handle out) over tcp, tcps (TLS), pipe and memory, against a raw
/// 32-byte TCP ping-pong and a bare StreamJsonRpc echo over TCP loopback (SystemTextJsonFormatter) measured in the same run.
/// Budget: tcp ≤ 1.5× the bare echo. The .NET client speaks MessagePack (handshake feature <c>msgpack</c>); the JSON rows are
/// what other clients get.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RemoteCallBenchmarks
{
    private const string Secret = "bench";
    private static readonly WttProcessId Id = WttProcessId.New();
    private readonly List<IAsyncDisposable> owned = [];
    private Baselines? baselines;
    private RemoteWttClient? tcp;
    private RemoteWttClient? tcpJson;
    private RemoteWttClient? tcps;
    private RemoteWttClient? pipe;
    private RemoteWttClient? memory;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        baselines = await Baselines.StartAsync();
        tcp = await ConnectAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        tcpJson = await ConnectAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), messagePack: false);
        tcps = await ConnectAsync(BenchTls.Transport(), new Uri("tcps://127.0.0.1:0"));
        pipe = await ConnectAsync(new NamedPipeTransport(), new Uri("pipe://wtt-bench-" + Environment.ProcessId));
        memory = await ConnectAsync(new InMemoryTransport(), new Uri("memory://bench"));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var item in owned)
        {
            await item.DisposeAsync();
        }

        await baselines!.DisposeAsync();
    }

    [Benchmark(Description = "raw tcp 32-byte ping-pong")]
    public Task RawSocketPingPong() => baselines!.PingPongAsync();

    [Benchmark(Baseline = true, Description = "bare StreamJsonRpc echo, tcp")]
    public Task<string> BareEcho() => baselines!.EchoAsync("3f2c1e8a-0000-4000-8000-000000000001");

    [Benchmark(Description = "bare StreamJsonRpc echo, MessagePack, tcp")]
    public Task<string> BareEchoMessagePack() => baselines!.EchoMessagePackAsync("3f2c1e8a-0000-4000-8000-000000000001");

    [Benchmark(Description = "Wtt open, tcp")]
    public async Task<WttProcessHandle> WttTcp() => await tcp!.OpenProcessAsync(Id);

    [Benchmark(Description = "Wtt open, tcp, JSON")]
    public async Task<WttProcessHandle> WttTcpJson() => await tcpJson!.OpenProcessAsync(Id);

    [Benchmark(Description = "Wtt open, tcps (TLS)")]
    public async Task<WttProcessHandle> WttTcps() => await tcps!.OpenProcessAsync(Id);

    [Benchmark(Description = "Wtt currentInfo, tcp")]
    public async Task<ProcessInfo?> WttTcpCurrentInfo() => await tcp!.GetCurrentProcessInfoAsync();

    [Benchmark(Description = "Wtt open, pipe")]
    public async Task<WttProcessHandle> WttPipe() => await pipe!.OpenProcessAsync(Id);

    [Benchmark(Description = "Wtt open, memory")]
    public async Task<WttProcessHandle> WttMemory() => await memory!.OpenProcessAsync(Id);

    private async Task<RemoteWttClient> ConnectAsync(IWttTransport transport, Uri address, bool messagePack = true)
    {
        var server = await WttAgentServer.StartAsync(new EchoWttClient(), transport, address, new WttAgentServerOptions { Security = { SharedSecret = Secret } });
        owned.Add(server);
        var client = await RemoteWttClient.ConnectAsync(transport, server.Address, new RemoteWttClientOptions { SharedSecret = Secret, Encoding = messagePack ? WttWireEncoding.MessagePack : WttWireEncoding.Json });
        owned.Insert(0, client);
        return client;
    }
}
