// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Wtt.Core;

namespace Wtt.Benchmarks.Launching;

/// <summary>
/// Starting 100 long-lived processes (<c>/bin/sleep 1000</c>) one after the other, then killing each (SIGKILL) and
/// waiting for it: a lab's servers, which outlive any cgroup placement delay. Baseline: the same with
/// <see cref="Process.Start(ProcessStartInfo)"/>. The launcher rows start each process in a cgroup of its own (as root):
/// through libwttspawn, straight into it; with posix_spawn, moved into it 2 ms after its start, a move that holds back
/// every fork on the machine until an RCU grace period has passed.
/// </summary>
[SupportedOSPlatform("linux")]
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 15, invocationCount: 1)]
public class LongLivedStartBenchmarks
{
    private const int Count = 100;
    private LinuxProcessLauncher native = null!;
    private LinuxProcessLauncher posixSpawn = null!;

    [GlobalSetup]
    public void Setup()
    {
        native = new LinuxProcessLauncher(new ProcessLauncherOptions { UseNativeSpawn = true });
        posixSpawn = new LinuxProcessLauncher(new ProcessLauncherOptions { UseNativeSpawn = false });
    }

    [Benchmark(Baseline = true, Description = "baseline: Process.Start x100 /bin/sleep, SIGKILL each + wait each")]
    public int ProcessStartKillEach()
    {
        var started = new List<Process>(Count);
        for (var i = 0; i < Count; i++)
        {
            started.Add(Process.Start(new ProcessStartInfo("/bin/sleep", "1000") { UseShellExecute = false })!);
        }

        foreach (var process in started)
        {
            process.Kill();
        }

        foreach (var process in started)
        {
            process.WaitForExit();
            process.Dispose();
        }

        return started.Count;
    }

    [Benchmark(Description = "LinuxProcessLauncher x100, started into their cgroups (libwttspawn)")]
    public Task<int> Native() => StartKillEachAsync(native);

    [Benchmark(Description = "LinuxProcessLauncher x100, posix_spawn, moved into their cgroups")]
    public Task<int> PosixSpawn() => StartKillEachAsync(posixSpawn);

    private static async Task<int> StartKillEachAsync(LinuxProcessLauncher launcher)
    {
        var started = new List<ILaunchedProcess>(Count);
        var spec = new ProcessStartSpec("/bin/sleep") { Arguments = ["1000"], CaptureOutput = false };
        for (var i = 0; i < Count; i++)
        {
            started.Add(await launcher.StartAsync(new ProcessLaunchRequest(spec, WttProcessId.New(), WttProcessId.Nil, WttProcessId.Nil)).ConfigureAwait(false));
        }

        foreach (var process in started)
        {
            _ = Core.Launching.Native.LibC.kill(process.Pid, 9);
        }

        foreach (var process in started)
        {
            _ = await process.Exited.ConfigureAwait(false);
            await process.DisposeAsync().ConfigureAwait(false);
        }

        return started.Count;
    }
}
