// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Wtt.Core;

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>
/// Wait-any wake-up after the satisfying change (budget: &lt; 1 ms local): a pending
/// <c>machine.Client.WaitAsync(ProcessSet.Of(a, b), Any, Exited)</c> on two plain rows of the real machine,
/// measured from <c>Table.SetStatus(a, Exited)</c> to the wait's completion. Baseline: a bare
/// <c>Table.WaitForChangeAsync</c> woken by the same write. Each operation also resets the row and starts the
/// wait; the wake-up alone is printed as <c>// latency</c> (median, p99).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LatencyConfig))]
public class WaitAnyWakeUpBenchmarks
{
    private static readonly WaitOptions AnyExited = new() { Mode = WaitMode.Any, Target = WaitTarget.Exited };
    private readonly LatencyRecorder waitAny = new("wait-any wake-up (client)");
    private readonly LatencyRecorder tableWait = new("baseline table wait wake-up");
    private string folder = null!;
    private LocalWttMachine machine = null!;
    private WttProcessId a;
    private ProcessSet set = null!;

    [GlobalSetup]
    public void Setup()
    {
        folder = BenchFolder.Create();
        machine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = folder, Capacity = 256 });
        a = WttProcessId.New();
        var b = WttProcessId.New();
        foreach (var id in new[] { a, b })
        {
            machine.Table.Add(new ProcessRecord(id) { Pid = Environment.ProcessId, Kind = ProcessKind.Plain, Status = ProcessStatus.Running });
        }

        set = ProcessSet.Of(new WttProcessHandle(a), new WttProcessHandle(b));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        waitAny.Report();
        tableWait.Report();
        machine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchFolder.Delete(folder);
    }

    [Benchmark(Baseline = true, Description = "baseline: table WaitForChangeAsync wake-up")]
    public async Task<long> TableWaitWakeUp()
    {
        machine.Table.SetStatus(a, ProcessStatus.Running);
        var wait = machine.Table.WaitForChangeAsync(machine.Table.ChangeCounter, Timeout.InfiniteTimeSpan);
        var start = Stopwatch.GetTimestamp();
        machine.Table.SetStatus(a, ProcessStatus.Exited);
        var counter = await wait;
        tableWait.Record(start, Stopwatch.GetTimestamp());
        return counter;
    }

    [Benchmark(Description = "client wait-any (2 rows) wake-up")]
    public async Task<int> WaitAnyWakeUp()
    {
        machine.Table.SetStatus(a, ProcessStatus.Running);
        var wait = machine.Client.WaitAsync(set, AnyExited);
        var start = Stopwatch.GetTimestamp();
        machine.Table.SetStatus(a, ProcessStatus.Exited);
        var result = await wait;
        waitAny.Record(start, Stopwatch.GetTimestamp());
        return result.Index;
    }
}
