// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Attributes;
using Nerdbank.Streams;
using StreamJsonRpc;
using Wtt.Transports.Protocol;
using Wtt.Transports.Rpc;

namespace Wtt.Benchmarks.Rpc;

/// <summary>
/// What the type of a call's result costs, with nothing else around it: two StreamJsonRpc ends with Wtt's message handler
/// and MessagePack options over an in-memory stream (no socket, so a few microseconds show), answering a text, a
/// <see cref="WireHandle"/>, an empty <see cref="ProcessInfo"/> and a running process's one.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ResultTypeBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);
    private static readonly ProcessInfo Full = new(WttProcessId.New()) { Kind = ProcessKind.Plain, Status = ProcessStatus.Running, Pid = 12345, CreatedAt = At, StartedAt = At, FileName = "/bin/sleep", Arguments = ["3600"], Threads = [new ThreadInfo("sleep") { OsThreadId = 12345, State = "S" }] };
    private JsonRpc client = null!;
    private JsonRpc server = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (a, b) = FullDuplexStream.CreatePair();
        server = new JsonRpc(new WttMessageHandler(a, WttMessagePack.CreateFormatter(), 1 << 24) { ServesRequests = true });
        server.AddLocalRpcTarget(new Target());
        server.StartListening();
        client = new JsonRpc(new WttMessageHandler(b, WttMessagePack.CreateFormatter(), 1 << 24));
        client.StartListening();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        client.Dispose();
        server.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<string> Str() => client.InvokeWithCancellationAsync<string>("str", [Guid.Empty], [typeof(Guid)], CancellationToken.None);

    [Benchmark]
    public Task Handle() => client.InvokeWithCancellationAsync<WireHandle>("handle", [Guid.Empty], [typeof(Guid)], CancellationToken.None);

    [Benchmark]
    public Task<ProcessInfo> InfoMin() => client.InvokeWithCancellationAsync<ProcessInfo>("pmin", [Guid.Empty], [typeof(Guid)], CancellationToken.None);

    [Benchmark]
    public Task<ProcessInfo> InfoFull() => client.InvokeWithCancellationAsync<ProcessInfo>("pfull", [Guid.Empty], [typeof(Guid)], CancellationToken.None);

    private sealed class Target
    {
        [JsonRpcMethod("str")]
        public Task<string> Str(Guid callId) => Task.FromResult("3f2c1e8a-0000-4000-8000-000000000001");

        [JsonRpcMethod("handle")]
        public Task<WireHandle> Handle(Guid callId) => Task.FromResult(new WireHandle(Full.Id));

        [JsonRpcMethod("pmin")]
        public Task<ProcessInfo> PMin(Guid callId) => Task.FromResult(new ProcessInfo(Full.Id));

        [JsonRpcMethod("pfull")]
        public Task<ProcessInfo> PFull(Guid callId) => Task.FromResult(Full);
    }
}
