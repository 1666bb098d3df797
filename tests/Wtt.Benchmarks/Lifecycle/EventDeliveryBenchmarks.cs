// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Wtt.Events;
using Wtt.ProcessTable;

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>
/// Local event delivery, send to the handler in the target (budget: median &lt; 100 µs, p99 &lt; 1 ms): two
/// <see cref="TableEventBus"/> instances over two <see cref="SharedMemoryProcessTable"/> instances opened on one
/// table folder, as two processes would. The receiver's loop over <see cref="TableEventBus.ReceiveAllAsync"/>
/// completes the pending operation. Baseline: a <see cref="TaskCompletionSource{TResult}"/> set on a
/// thread-pool thread and awaited. The per-event median and p99 (send to handler) are printed as <c>// latency</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LatencyConfig))]
public class EventDeliveryBenchmarks
{
    private readonly LatencyRecorder delivery = new("event send -> handler");
    private readonly LatencyRecorder handOff = new("baseline TCS across threads");
    private readonly WttSignal ping = WttSignal.Create("Ping", "p"u8);
    private readonly CancellationTokenSource stop = new();
    private string folder = null!;
    private SharedMemoryProcessTable senderTable = null!;
    private SharedMemoryProcessTable receiverTable = null!;
    private TableEventBus sender = null!;
    private TableEventBus receiver = null!;
    private WttProcessId target;
    private Task receiving = Task.CompletedTask;
    private TaskCompletionSource<long>? pending;

    [GlobalSetup]
    public void Setup()
    {
        folder = BenchFolder.Create();
        var options = new SharedMemoryProcessTableOptions { TableFolder = folder, Capacity = 256 };
        senderTable = SharedMemoryProcessTable.Open(options);
        receiverTable = SharedMemoryProcessTable.Open(options);
        var queues = Path.Combine(folder, "events");
        sender = new TableEventBus(senderTable, queues);
        receiver = new TableEventBus(receiverTable, queues);
        target = WttProcessId.New();
        senderTable.Add(new ProcessRecord(target) { Pid = Environment.ProcessId, Kind = ProcessKind.WttBased, Status = ProcessStatus.Running });
        receiving = Task.Run(ReceiveAsync);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        stop.Cancel();
        try
        {
            receiving.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        delivery.Report();
        handOff.Report();
        senderTable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        receiverTable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchFolder.Delete(folder);
    }

    [Benchmark(Baseline = true, Description = "baseline: TCS set on another thread, awaited")]
    public async Task<long> TaskCompletionSourceAcrossThreads()
    {
        var completion = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = Stopwatch.GetTimestamp();
        ThreadPool.UnsafeQueueUserWorkItem(static c => c.TrySetResult(Stopwatch.GetTimestamp()), completion, preferLocal: false);
        var handled = await completion.Task;
        handOff.Record(start, handled);
        return handled - start;
    }

    [Benchmark(Description = "event send -> handler in the target (two table instances)")]
    public async Task<long> SendToHandler()
    {
        var completion = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref pending, completion);
        var start = Stopwatch.GetTimestamp();
        await sender.SendAsync(target, ping);
        var handled = await completion.Task;
        delivery.Record(start, handled);
        return handled - start;
    }

    private async Task ReceiveAsync()
    {
        await foreach (var signal in receiver.ReceiveAllAsync(target, stop.Token))
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.Exchange(ref pending, null)?.TrySetResult(now);
        }
    }
}
