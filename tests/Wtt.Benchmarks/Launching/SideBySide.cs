// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Wtt.Core;

namespace Wtt.Benchmarks.Launching;

/// <summary>
/// Issue 13's own measurement of a local create: each row's create + wait of <c>/bin/true</c> taken in turn, round after
/// round, in one process, so the machine's load drifts under every row alike (BenchmarkDotNet runs rows one after another,
/// minutes apart, and on a shared 2-core machine the baseline moves by more than the gap measured). Three repeats; each
/// prints the rows' medians and their ratios to <see cref="Process.Start(string)"/>. The two client rows that keep the state
/// in memory split the client's cost into its parts: the table and the client's own work, and the state folder's writes.
/// </summary>
/// <remarks>Run with <c>dotnet run -c Release --project tests/Wtt.Benchmarks -- side-by-side [rounds]</c>.</remarks>
[SupportedOSPlatform("linux")]
internal static class SideBySide
{
    public static async Task RunAsync(int rounds)
    {
        var folder = Lifecycle.BenchFolder.Create();
        var table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = folder, Capacity = 4096 });
        var launcher = new LinuxProcessLauncher();
        var bus = new InMemoryGlobalEventBus(table);
        var withState = new LocalWttClient(table, launcher, bus, new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = Path.Combine(folder, "state") }, TimeProvider.System), TimeProvider.System);
        var memoryState = new LocalWttClient(table, launcher, bus, new InMemoryProcessStateStore(), TimeProvider.System);
        var memoryTable = new InMemoryProcessTable();
        var memoryAll = new LocalWttClient(memoryTable, launcher, new InMemoryGlobalEventBus(memoryTable), new InMemoryProcessStateStore(), TimeProvider.System);
        var withoutCgroup = new LinuxProcessLauncher(new ProcessLauncherOptions { UseCgroups = false });
        (string Name, Func<Task<int>> Run)[] rows =
        [
            ("Process.Start (baseline)", () => Task.FromResult(ProcessStartBenchmarks.StartAndWait())),
            ("LinuxProcessLauncher", () => ProcessStartBenchmarks.RunAsync(launcher, captureOutput: false)),
            ("LinuxProcessLauncher, no cgroup", () => ProcessStartBenchmarks.RunAsync(withoutCgroup, captureOutput: false)),
            ("LocalWttClient create + WaitAsync", () => ProcessStartBenchmarks.CreateAndWaitAsync(withState)),
            ("  the same, state kept in memory", () => ProcessStartBenchmarks.CreateAndWaitAsync(memoryState)),
            ("  the same, table and state in memory", () => ProcessStartBenchmarks.CreateAndWaitAsync(memoryAll)),
        ];
        try
        {
            for (var repeat = 1; repeat <= 3; repeat++)
            {
                var samples = rows.Select(_ => new List<double>(rounds)).ToArray();
                for (var round = -rounds / 10; round < rounds; round++)
                {
                    for (var row = 0; row < rows.Length; row++)
                    {
                        var started = Stopwatch.GetTimestamp();
                        await rows[row].Run().ConfigureAwait(false);
                        if (round >= 0)
                        {
                            samples[row].Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                        }
                    }
                }

                var baseline = Median(samples[0]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {repeat}, {rounds} rounds, medians:"));
                for (var row = 0; row < rows.Length; row++)
                {
                    var median = Median(samples[row]);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rows[row].Name,-40} {median,8:F0} µs  {median / baseline:F2}x"));
                }
            }
        }
        finally
        {
            await withState.DisposeAsync().ConfigureAwait(false);
            await memoryState.DisposeAsync().ConfigureAwait(false);
            await memoryAll.DisposeAsync().ConfigureAwait(false);
            await table.DisposeAsync().ConfigureAwait(false);
            Lifecycle.BenchFolder.Delete(folder);
        }
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
