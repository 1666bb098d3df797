// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;
using Wtt.Core;

namespace Wtt.Benchmarks.Launching;

/// <summary>
/// What the machine's client adds to a create + wait, with no OS process: <see cref="InMemoryProcessLauncher"/> starts a
/// process that exits at once. Baseline: the launcher's start and its exit alone. The rows add the client over the
/// shared-memory table (as on a machine) and over the in-memory table, both with the state in memory, so the figure is
/// the client's own work (the table's rows, the environment block, the tracking, the wait's set-up and wake-up): a real
/// create + wait of <c>/bin/true</c> (<see cref="SideBySide"/>) pays it on top of the launcher's.
/// </summary>
[SupportedOSPlatform("linux")]
[MemoryDiagnoser]
[MedianColumn]
public class ClientOverheadBenchmarks
{
    private static readonly ProcessStartSpec Spec = new("/bin/true") { CaptureOutput = false };

    private InMemoryProcessLauncher _launcher = null!;
    private SharedMemoryProcessTable _table = null!;
    private LocalWttClient _shared = null!;
    private LocalWttClient _memory = null!;
    private string _folder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _launcher = new InMemoryProcessLauncher();
        _launcher.ProcessStarted += static (_, process) => process.Exit(0);
        _folder = Lifecycle.BenchFolder.Create();
        _table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = _folder, Capacity = 4096 });
        _shared = new LocalWttClient(_table, _launcher, new InMemoryGlobalEventBus(_table), new InMemoryProcessStateStore(), TimeProvider.System);
        var memoryTable = new InMemoryProcessTable();
        _memory = new LocalWttClient(memoryTable, _launcher, new InMemoryGlobalEventBus(memoryTable), new InMemoryProcessStateStore(), TimeProvider.System);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _shared.DisposeAsync();
        await _memory.DisposeAsync();
        await _table.DisposeAsync();
        Lifecycle.BenchFolder.Delete(_folder);
    }

    [Benchmark(Baseline = true, Description = "InMemoryProcessLauncher start + exit")]
    public async Task<int> Launcher()
    {
        await using var process = await _launcher.StartAsync(new ProcessLaunchRequest(Spec, WttProcessId.New(), WttProcessId.Nil, WttProcessId.Nil));
        return (await process.Exited).ExitCode;
    }

    [Benchmark(Description = "client create + WaitAsync, shared table")]
    public Task<int> SharedTable() => ProcessStartBenchmarks.CreateAndWaitAsync(_shared);

    [Benchmark(Description = "client create + WaitAsync, in-memory table")]
    public Task<int> MemoryTable() => ProcessStartBenchmarks.CreateAndWaitAsync(_memory);
}
