// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Wtt.Core;

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>
/// Terminating a tree of 200 plain processes (budget: &lt; 1 s): a root <c>/bin/sleep 1000</c> and 199 more with
/// parent links to it, created by the real machine before each iteration; the operation ends when every one has
/// ended in the table. Baselines: (the budget's, at most 1.5x) 200 <c>/bin/sleep 1000</c> started with
/// <see cref="Process.Start(ProcessStartInfo)"/>, each killed (SIGKILL) and waited for; and SIGKILL sent straight to
/// each pid of the Wtt tree, then a client wait for all of them to exit.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 9, invocationCount: 1)]
public class TreeTerminateBenchmarks
{
    private const int TreeSize = 200;
    private static readonly TimeSpan EndTimeout = TimeSpan.FromSeconds(30);
    private readonly List<WttProcessId> created = [];
    private readonly List<Process> started = [];
    private string folder = null!;
    private LocalWttMachine machine = null!;
    private WttProcessHandle root = null!;

    /// <summary>Gets or sets whether the machine starts its processes into their cgroups (libwttspawn) or moves them there after a posix_spawn.</summary>
    [Params(true, false)]
    public bool NativeSpawn { get; set; } = true;

    [GlobalSetup]
    public void Setup()
    {
        folder = BenchFolder.Create();
        machine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = folder, Launcher = new ProcessLauncherOptions { UseNativeSpawn = NativeSpawn } });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        machine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchFolder.Delete(folder);
    }

    [IterationSetup(Target = nameof(ProcessStartKillEach))]
    public void StartPlain()
    {
        started.Clear();
        for (var i = 0; i < TreeSize; i++)
        {
            started.Add(Process.Start(new ProcessStartInfo("/bin/sleep", "1000") { UseShellExecute = false })!);
        }
    }

    [IterationCleanup(Target = nameof(ProcessStartKillEach))]
    public void DisposePlain()
    {
        foreach (var process in started)
        {
            process.Dispose();
        }
    }

    [IterationSetup(Targets = [nameof(KillEachPid), nameof(TerminateForced), nameof(TerminatePolite)])]
    public void CreateTree() => CreateTreeAsync().GetAwaiter().GetResult();

    [IterationCleanup(Targets = [nameof(KillEachPid), nameof(TerminateForced), nameof(TerminatePolite)])]
    public void CheckAndRemoveTree() => CheckAndRemoveTreeAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "baseline: Process.Start x200, SIGKILL each + wait each")]
    public int ProcessStartKillEach()
    {
        foreach (var process in started)
        {
            process.Kill();
        }

        foreach (var process in started)
        {
            process.WaitForExit();
        }

        return started.Count;
    }

    [Benchmark(Description = "SIGKILL each pid of the Wtt tree + wait all exited")]
    public async Task<int> KillEachPid()
    {
        foreach (var id in created)
        {
            if (machine.Table.TryGet(id, out var row) && row.Pid > 0)
            {
                using var process = Process.GetProcessById(row.Pid);
                process.Kill();
            }
        }

        using var timeout = new CancellationTokenSource(EndTimeout);
        var result = await machine.Client.WaitAsync(ProcessSet.Tree(root), WaitOptions.AllExited, timeout.Token);
        return result.Entries.Count;
    }

    [Benchmark(Description = "TerminateAsync(Tree) 200, grace 0, no polite signal")]
    public async Task<int> TerminateForced()
    {
        using var timeout = new CancellationTokenSource(EndTimeout);
        var result = await machine.Client.TerminateAsync(ProcessSet.Tree(root), new TerminateOptions { GracePeriod = TimeSpan.Zero, PoliteSignal = null }, timeout.Token);
        return result.Entries.Count;
    }

    [Benchmark(Description = "TerminateAsync(Tree) 200, SIGTERM, grace 5 s")]
    public async Task<int> TerminatePolite()
    {
        using var timeout = new CancellationTokenSource(EndTimeout);
        var result = await machine.Client.TerminateAsync(ProcessSet.Tree(root), new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(5) }, timeout.Token);
        return result.Entries.Count;
    }

    private async Task CreateTreeAsync()
    {
        created.Clear();
        var spec = new ProcessStartSpec("/bin/sleep") { Arguments = ["1000"], CaptureOutput = false };
        root = await machine.Client.CreateProcessAsync(spec);
        created.Add(root.Id);
        for (var i = 1; i < TreeSize; i++)
        {
            var child = await machine.Client.CreateProcessAsync(spec with { ParentId = root.Id });
            created.Add(child.Id);
        }
    }

    private async Task CheckAndRemoveTreeAsync()
    {
        var running = created.Count(id => machine.Table.TryGet(id, out var row) && !row.Status.IsEnded());
        if (running > 0)
        {
            Console.WriteLine($"// tree: {running} of {created.Count} processes had not ended after the operation");
            await machine.Client.TerminateAsync(ProcessSet.Tree(root), new TerminateOptions { GracePeriod = TimeSpan.Zero, PoliteSignal = null });
        }

        // Each end is on disk before its folder goes (the ends may be written after the terminate returns): a delete
        // that came first would spare the writes a real run makes.
        var waitEnds = Stopwatch.StartNew();
        foreach (var id in created)
        {
            var marker = StateFolder.Of(machine.State.RootFolder, id).CompleteMarker;
            while (!File.Exists(marker) && waitEnds.Elapsed < EndTimeout)
            {
                await Task.Delay(1);
            }
        }

        foreach (var id in created)
        {
            machine.Table.Remove(id);
            await machine.State.DeleteAsync(id);
        }
    }
}
