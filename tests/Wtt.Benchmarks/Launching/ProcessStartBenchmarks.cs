// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;
using Wtt.Core;

namespace Wtt.Benchmarks.Launching;

/// <summary>
/// Local create of a non-Wtt <c>/bin/true</c> and the wait for its exit: <see cref="LinuxProcessLauncher"/>
/// against <see cref="Process.Start(string)"/> + <see cref="Process.WaitForExit()"/> (budget: at most 1.10x, issue 13).
/// The client row is what a user calls: <see cref="LocalWttMachine"/>'s client, which also adds the table row, writes
/// the state document at the start and the end, and wakes the wait through the table.
/// </summary>
[SupportedOSPlatform("linux")]
[MemoryDiagnoser]
[MedianColumn]
public class ProcessStartBenchmarks
{
    private const string True = "/bin/true";

    private LinuxProcessLauncher _withCgroups = null!;
    private LinuxProcessLauncher _withoutCgroups = null!;
    private LocalWttMachine _machine = null!;
    private string _folder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _withCgroups = new LinuxProcessLauncher();
        _withoutCgroups = new LinuxProcessLauncher(new ProcessLauncherOptions { UseCgroups = false });
        _folder = Lifecycle.BenchFolder.Create();
        _machine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = _folder });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _machine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Lifecycle.BenchFolder.Delete(_folder);
    }

    [Benchmark(Baseline = true)]
    public int ProcessStart() => StartAndWait();

    [Benchmark]
    public Task<int> Launcher() => RunAsync(_withCgroups, captureOutput: false);

    [Benchmark]
    public Task<int> LauncherWithoutCgroup() => RunAsync(_withoutCgroups, captureOutput: false);

    [Benchmark]
    public Task<int> LauncherCapturingOutput() => RunAsync(_withCgroups, captureOutput: true);

    [Benchmark(Description = "LocalWttClient create + WaitAsync")]
    public Task<int> Client() => CreateAndWaitAsync(_machine.Client);

    /// <summary>Starts <c>/bin/true</c> with <see cref="Process.Start(string)"/> and waits for it.</summary>
    internal static int StartAndWait()
    {
        using var process = Process.Start(True);
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Creates <c>/bin/true</c> through a client and waits for it, as a user does.</summary>
    internal static async Task<int> CreateAndWaitAsync(IWttClient client)
    {
        await using var handle = await client.CreateProcessAsync(new ProcessStartSpec(True) { CaptureOutput = false }).ConfigureAwait(false);
        var result = await client.WaitAsync(ProcessSet.Of(handle), WaitOptions.AllExited).ConfigureAwait(false);
        return result.Entries[0].ExitCode ?? -1;
    }

    /// <summary>Starts <c>/bin/true</c> through a launcher and waits for its exit.</summary>
    internal static async Task<int> RunAsync(LinuxProcessLauncher launcher, bool captureOutput)
    {
        var request = new ProcessLaunchRequest(new ProcessStartSpec(True) { CaptureOutput = captureOutput }, WttProcessId.New(), WttProcessId.Nil, WttProcessId.Nil);
        await using var process = await launcher.StartAsync(request).ConfigureAwait(false);
        return (await process.Exited.ConfigureAwait(false)).ExitCode;
    }
}
