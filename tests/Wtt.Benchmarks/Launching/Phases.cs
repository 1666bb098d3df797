// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Wtt.Core;

namespace Wtt.Benchmarks.Launching;

/// <summary>
/// <c>phases</c>: where a create + wait of <c>/bin/true</c> through the machine's client spends its time, per step
/// (<c>CreateProcessAsync</c>, <c>WaitAsync</c>, disposing the handle), with the state in folders and in memory, and the
/// launcher alone (start, exit, dispose) with and without a cgroup folder per process, the four taken in turns for 600
/// rounds (the first 100 not counted); medians in µs.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class Phases
{
    private const int Rounds = 600;
    private const int Uncounted = 100;

    public static async Task RunAsync()
    {
        await using var rows = await SideBySide.WttRows.OpenAsync();
        var spec = new ProcessStartSpec("/bin/true") { CaptureOutput = false };
        (string Name, LocalWttClient Client)[] clients = [("state in folders", rows.WithState), ("state in memory", rows.MemoryState)];
        var clientTimes = clients.Select(_ => new Steps()).ToArray();
        var launcherTimes = new Steps();
        var withoutCgroup = new LinuxProcessLauncher(new ProcessLauncherOptions { UseCgroups = false });
        var withoutCgroupTimes = new Steps();
        for (var round = 0; round < Rounds; round++)
        {
            var counted = round >= Uncounted;
            await TimeLauncherAsync(rows.Launcher, spec, launcherTimes, counted);
            await TimeLauncherAsync(withoutCgroup, spec, withoutCgroupTimes, counted);

            for (var c = 0; c < clients.Length; c++)
            {
                var client = clients[c].Client;
                var s0 = Stopwatch.GetTimestamp();
                var handle = await client.CreateProcessAsync(spec);
                var s1 = Stopwatch.GetTimestamp();
                await client.WaitAsync(ProcessSet.Of(handle), WaitOptions.AllExited);
                var s2 = Stopwatch.GetTimestamp();
                await handle.DisposeAsync();
                clientTimes[c].Add(counted, s0, s1, s2);
            }
        }

        for (var c = 0; c < clients.Length; c++)
        {
            Console.WriteLine(clientTimes[c].Describe(clients[c].Name, "create", "wait"));
        }

        Console.WriteLine(launcherTimes.Describe("the launcher alone", "start", "exit"));
        Console.WriteLine(withoutCgroupTimes.Describe("the launcher alone, no cgroup", "start", "exit"));
    }

    private static async Task TimeLauncherAsync(LinuxProcessLauncher launcher, ProcessStartSpec spec, Steps times, bool counted)
    {
        var s0 = Stopwatch.GetTimestamp();
        var process = await launcher.StartAsync(new ProcessLaunchRequest(spec, WttProcessId.New(), WttProcessId.Nil, WttProcessId.Nil));
        var s1 = Stopwatch.GetTimestamp();
        _ = await process.Exited;
        var s2 = Stopwatch.GetTimestamp();
        await process.DisposeAsync();
        times.Add(counted, s0, s1, s2);
    }

    /// <summary>The times of one row's three steps: the start, the wait for the end, and the dispose, which ends now.</summary>
    private sealed class Steps
    {
        private readonly List<double> first = [];
        private readonly List<double> second = [];
        private readonly List<double> dispose = [];

        public void Add(bool counted, long s0, long s1, long s2)
        {
            var s3 = Stopwatch.GetTimestamp();
            if (counted)
            {
                first.Add(Stopwatch.GetElapsedTime(s0, s1).TotalMicroseconds);
                second.Add(Stopwatch.GetElapsedTime(s1, s2).TotalMicroseconds);
                dispose.Add(Stopwatch.GetElapsedTime(s2, s3).TotalMicroseconds);
            }
        }

        public string Describe(string row, string firstName, string secondName)
            => string.Create(CultureInfo.InvariantCulture, $"{row}: {firstName} {InTurns.Median(first):F0} µs, {secondName} {InTurns.Median(second):F0} µs, dispose {InTurns.Median(dispose):F0} µs");
    }
}
