// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Wtt.Core.Events;
using Wtt.Core;
using Wtt.Core.Launching.Native;

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>
/// Local event delivery, send to the handler in the target (budget: median &lt; 100 µs, p99 &lt; 1 ms): two
/// <see cref="TableEventBus"/> instances over two <see cref="SharedMemoryProcessTable"/> instances opened on one
/// table folder, as two processes would. The receiver's loop over <see cref="TableEventBus.ReceiveAllAsync"/>
/// completes the pending operation. Baseline: a <see cref="TaskCompletionSource{TResult}"/> set on a
/// thread-pool thread and awaited, and (the budget's baseline, at most 1.3x) a SIGUSR1 sent to this process
/// and handled by a <see cref="PosixSignalRegistration"/> handler. The per-event median and p99 (send to handler) are printed as <c>// latency</c>.
/// With <see cref="OnEventThread"/>, the receiver is what a Wtt-based process runs instead: <see cref="TableEventBus.Receive"/>
/// on a thread of its own, which the sender's wake wakes directly.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LatencyConfig))]
public class EventDeliveryBenchmarks
{
    private const int SigUsr1 = 10;
    private readonly LatencyRecorder delivery = new("event send -> handler");
    private readonly LatencyRecorder handOff = new("baseline TCS across threads");
    private readonly LatencyRecorder posixSignal = new("baseline SIGUSR1 -> PosixSignalRegistration handler");
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
    private TaskCompletionSource<long>? signalled;
    private PosixSignalRegistration? usr1;

    /// <summary>Gets or sets a value indicating whether the receiver takes events in on a thread of its own (as a Wtt-based process does) rather than through <see cref="TableEventBus.ReceiveAllAsync"/>.</summary>
    [Params(false, true)]
    public bool OnEventThread { get; set; }

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
        receiving = OnEventThread
            ? receiver.StartReceiving(target, _ => Interlocked.Exchange(ref pending, null)?.TrySetResult(Stopwatch.GetTimestamp()), stop.Token)
            : Task.Run(ReceiveAsync);
        usr1 = PosixSignalRegistration.Create((PosixSignal)SigUsr1, context =>
        {
            context.Cancel = true;
            Interlocked.Exchange(ref signalled, null)?.TrySetResult(Stopwatch.GetTimestamp());
        });
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

        usr1?.Dispose();
        delivery.Report();
        handOff.Report();
        posixSignal.Report();
        senderTable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        receiverTable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchFolder.Delete(folder);
    }

    [Benchmark(Baseline = true, Description = "baseline: SIGUSR1 -> PosixSignalRegistration handler")]
    public async Task<long> PosixSignalToHandler()
    {
        var completion = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref signalled, completion);
        var start = Stopwatch.GetTimestamp();
        _ = LibC.kill(Environment.ProcessId, SigUsr1);
        var handled = await completion.Task;
        posixSignal.Record(start, handled);
        return handled - start;
    }

    [Benchmark(Description = "TCS set on another thread, awaited")]
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
