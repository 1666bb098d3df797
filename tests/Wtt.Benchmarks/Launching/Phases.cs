// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Runtime.Versioning;
using Wtt.Core;

namespace Wtt.Benchmarks.Launching;

/// <summary>
/// <c>phases</c>: where a create + wait of <c>/bin/true</c> through the machine's client spends its time, per step
/// (<c>CreateProcessAsync</c>, <c>WaitAsync</c>, disposing the handle), with the state in folders and in memory, and the
/// launcher alone (start, exit, dispose), the three taken in turns for 600 rounds (the first 100 not counted); medians in µs.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class Phases
{
    public static async Task RunAsync()
    {
        var folder = Lifecycle.BenchFolder.Create();
        var table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = folder, Capacity = 4096 });
        var launcher = new LinuxProcessLauncher();
        var bus = new InMemoryGlobalEventBus(table);
        var withState = new LocalWttClient(table, launcher, bus, new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = Path.Combine(folder, "state") }, TimeProvider.System), TimeProvider.System);
        var memoryState = new LocalWttClient(table, launcher, bus, new InMemoryProcessStateStore(), TimeProvider.System);
        (string, LocalWttClient)[] clients = [("folders", withState), ("memory", memoryState)];
        var t = new List<double>[2, 3];
        for (var a = 0; a < 2; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                t[a, b] = [];
            }
        }

        var launcherTimes = new[] { new List<double>(), new List<double>(), new List<double>() };
        for (var round = 0; round < 600; round++)
        {
            {
                var s0 = Stopwatch.GetTimestamp();
                var process = await launcher.StartAsync(new ProcessLaunchRequest(new ProcessStartSpec("/bin/true") { CaptureOutput = false }, WttProcessId.New(), WttProcessId.Nil, WttProcessId.Nil));
                var s1 = Stopwatch.GetTimestamp();
                _ = await process.Exited;
                var s2 = Stopwatch.GetTimestamp();
                await process.DisposeAsync();
                var s3 = Stopwatch.GetTimestamp();
                if (round >= 100)
                {
                    launcherTimes[0].Add(Stopwatch.GetElapsedTime(s0, s1).TotalMicroseconds);
                    launcherTimes[1].Add(Stopwatch.GetElapsedTime(s1, s2).TotalMicroseconds);
                    launcherTimes[2].Add(Stopwatch.GetElapsedTime(s2, s3).TotalMicroseconds);
                }
            }

            for (var c = 0; c < 2; c++)
            {
                var client = clients[c].Item2;
                var s0 = Stopwatch.GetTimestamp();
                var handle = await client.CreateProcessAsync(new ProcessStartSpec("/bin/true") { CaptureOutput = false });
                var s1 = Stopwatch.GetTimestamp();
                await client.WaitAsync(ProcessSet.Of(handle), WaitOptions.AllExited);
                var s2 = Stopwatch.GetTimestamp();
                await handle.DisposeAsync();
                var s3 = Stopwatch.GetTimestamp();
                if (round >= 100)
                {
                    t[c, 0].Add(Stopwatch.GetElapsedTime(s0, s1).TotalMicroseconds);
                    t[c, 1].Add(Stopwatch.GetElapsedTime(s1, s2).TotalMicroseconds);
                    t[c, 2].Add(Stopwatch.GetElapsedTime(s2, s3).TotalMicroseconds);
                }
            }
        }

        for (var c = 0; c < 2; c++)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"state in {clients[c].Item1}: create {Median(t[c, 0]):F0} µs, wait {Median(t[c, 1]):F0} µs, dispose {Median(t[c, 2]):F0} µs"));
        }

        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the launcher alone: start {Median(launcherTimes[0]):F0} µs, exit {Median(launcherTimes[1]):F0} µs, dispose {Median(launcherTimes[2]):F0} µs"));

        foreach (var (_, client) in clients)
        {
            await client.DisposeAsync();
        }

        await table.DisposeAsync();
        Lifecycle.BenchFolder.Delete(folder);
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
