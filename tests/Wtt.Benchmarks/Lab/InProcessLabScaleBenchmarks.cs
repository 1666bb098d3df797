// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Attributes;
using Wtt.Benchmarks.Lifecycle;
using Wtt.Core;
using Wtt.Hosting;

namespace Wtt.Benchmarks.Lab;

/// <summary>
/// 1,000 machines in one <see cref="InProcessLab"/> (issue 13: waits need no thread per machine; RSS after dispose
/// within 10 % of before). An operation starts the lab (tables of 16 rows, tcp agents on loopback), puts a
/// <c>WaitForChangeAsync</c> on every machine's table, reads the threads and VmRSS while they are pending, and
/// disposes the lab (which fails the waits). Baseline: the same number of bare <see cref="SharedMemoryProcessTable"/>s
/// opened, waited on and disposed, with no agent, client or machine around them.
/// </summary>
/// <remarks>
/// Each case runs in a process of its own (BenchmarkDotNet's default), so the footprint it reads is its own: before
/// an operation and after it, each after a full blocking compacting collection (not timed, in the iteration setup
/// and cleanup), while the waits are pending (inside the operation, without a collection), and after the operation
/// once more after an aggressive collection, which also hands the GC's free memory back to the system (so the next
/// operation starts from it), and once more after glibc's <c>malloc_trim</c>, which hands back the native heap's free
/// pages: what is left then is held, not kept for reuse. The cleanup prints, as <c>// lab</c> lines, the first
/// operation of the process (cold: its assemblies are loaded and its code compiled then), the last (warm), the growth
/// of every operation, and the process's growth from before the first to after the last.
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(1)]
public class InProcessLabScaleBenchmarks
{
    private readonly List<Sample> samples = [];
    private string folder = null!;
    private string current = "";
    private ProcessFootprint before;
    private ProcessFootprint with;
    private List<WeakReference> operated = [];

    /// <summary>Gets or sets the number of machines (or bare tables).</summary>
    [Params(1000)]
    public int Machines { get; set; }

    /// <summary>
    /// Gets or sets whether the process runs a lab of 4 machines (or opens 4 bare tables) before the first operation, so
    /// that operation starts with the code loaded and compiled once: what is left after it is then the 1,000 machines'
    /// own, not the price of a process's first lab.
    /// </summary>
    [Params(false, true)]
    public bool CodeLoaded { get; set; }

    [GlobalSetup(Target = nameof(BareTables))]
    public async Task SetupTables()
    {
        folder = BenchFolder.Create();
        if (CodeLoaded)
        {
            await Tables(4);
        }
    }

    [GlobalSetup(Target = nameof(Lab))]
    public async Task SetupLab()
    {
        folder = BenchFolder.Create();
        if (CodeLoaded)
        {
            await LabOf(4);
        }
    }

    [IterationSetup]
    public void BeforeOperation() => before = ProcessFootprint.ReadCollected();

    [IterationCleanup]
    public void AfterOperation()
    {
        // The thread that completed the operation may still be unwinding the lab's dispose frames, which keep the lab
        // reachable: wait (collecting) until the lab and every table are collected, and say how long that took.
        var released = ProcessFootprint.WaitUntilCollected(operated, TimeSpan.FromSeconds(5));
        operated = [];
        var after = ProcessFootprint.ReadCollected();
        var returned = ProcessFootprint.ReadAfterAggressiveCollection();
        samples.Add(new Sample(current, before, with, after, returned, ProcessFootprint.ReadAfterMallocTrim(), released));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (samples.Count > 0)
        {
            var (first, last) = (samples[0], samples[^1]);
            Console.WriteLine($"// lab {first.Case}, {Machines} machines, {samples.Count} operations, {ProcessFootprint.GcMode()}, {(CodeLoaded ? "code loaded first by 4 machines" : "cold process")}");
            Print("first operation", first);
            Print("last operation", last);
            Console.WriteLine($"// lab {first.Case}, every operation, {string.Join("; ", samples.Select(Released))}");
            Console.WriteLine($"// lab {first.Case}, every operation, VmRSS after dispose / after the aggressive GC / after malloc_trim over before it: {string.Join("; ", samples.Select(x => $"{x.After.GrowthFrom(x.Before)} / {x.Returned.GrowthFrom(x.Before)} / {x.Trimmed.GrowthFrom(x.Before)}"))}");
            Console.WriteLine($"// lab {first.Case}: after the last operation, {last.After.GrowthFrom(first.Before)} over before the first ({last.Returned.GrowthFrom(first.Before)} after the aggressive GC, {last.Trimmed.GrowthFrom(first.Before)} after malloc_trim)");
        }

        BenchFolder.Delete(folder);
    }

    [Benchmark(Baseline = true, Description = "baseline: bare tables, open + wait + dispose")]
    public Task<int> BareTables()
    {
        current = "bare tables";
        return Tables(Machines);
    }

    [Benchmark(Description = "InProcessLab: start + wait on each table + dispose")]
    public Task<int> Lab()
    {
        current = "InProcessLab";
        return LabOf(Machines);
    }

    private async Task<int> Tables(int count)
    {
        var tables = new List<SharedMemoryProcessTable>(count);
        for (var i = 0; i < count; i++)
        {
            tables.Add(SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = Path.Combine(folder, "t" + i), Capacity = 16 }));
        }

        var waits = tables.Select(t => t.WaitForChangeAsync(t.ChangeCounter, Timeout.InfiniteTimeSpan).AsTask()).ToList();
        with = ProcessFootprint.Read();
        operated = [.. tables.Select(table => new WeakReference(table))];
        foreach (var table in tables)
        {
            await table.DisposeAsync();
        }

        return await Closed(waits);
    }

    private async Task<int> LabOf(int count)
    {
        var options = new InProcessLabOptions { Root = Path.Combine(folder, $"lab{samples.Count}-{count}"), Capacity = 16 };
        for (var i = 0; i < count; i++)
        {
            options.Machines.Add("m" + i);
        }

        var lab = await InProcessLab.StartAsync(options);
        operated = [new WeakReference(lab), .. lab.Machines.Values.Select(machine => new WeakReference(machine.Table))];
        List<Task<long>> waits;
        try
        {
            waits = [.. lab.Machines.Values.Select(m => m.Table.WaitForChangeAsync(m.Table.ChangeCounter, Timeout.InfiniteTimeSpan).AsTask())];
            with = ProcessFootprint.Read();
        }
        finally
        {
            await lab.DisposeAsync();
        }

        BenchFolder.Delete(options.Root);
        return await Closed(waits);
    }

    private static void Print(string what, Sample sample)
    {
        Console.WriteLine($"// lab {sample.Case}, {what}: before {sample.Before}");
        Console.WriteLine($"// lab {sample.Case}, {what}: waits pending {sample.With}, {sample.With.Threads - sample.Before.Threads:+0;-0} threads");
        Console.WriteLine($"// lab {sample.Case}, {what}: after dispose {sample.After}, {sample.After.GrowthFrom(sample.Before)}; {Released(sample)}");
        Console.WriteLine($"// lab {sample.Case}, {what}: after an aggressive GC {sample.Returned}, {sample.Returned.GrowthFrom(sample.Before)}");
        Console.WriteLine($"// lab {sample.Case}, {what}: after malloc_trim {sample.Trimmed}, {sample.Trimmed.GrowthFrom(sample.Before)}");
    }

    /// <summary>The footprint around one operation.</summary>
    /// <param name="Case">The benchmark.</param>
    /// <param name="Before">Before it, collected.</param>
    /// <param name="With">With its waits pending.</param>
    /// <param name="After">After it, collected.</param>
    /// <param name="Returned">After it and an aggressive collection.</param>
    /// <param name="Trimmed">After that and <c>malloc_trim</c>.</param>
    /// <param name="Released">How long after the operation the lab and its tables (or the bare tables) could be collected; null: not within 5 s.</param>
    private sealed record Sample(string Case, ProcessFootprint Before, ProcessFootprint With, ProcessFootprint After, ProcessFootprint Returned, ProcessFootprint Trimmed, TimeSpan? Released);

    private static string Released(Sample sample) => sample.Released is { } after
        ? $"collected {after.TotalMilliseconds:F0} ms after the operation"
        : "STILL REACHABLE 5 s after the operation";

    private static async Task<int> Closed(List<Task<long>> waits)
    {
        var closed = 0;
        foreach (var wait in waits)
        {
            try
            {
                await wait;
            }
            catch (WttException error) when (error.ErrorCode == WttErrorCode.Closed)
            {
                closed++;
            }
        }

        return closed;
    }
}
