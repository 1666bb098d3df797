// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;

namespace Wtt.Benchmarks;

/// <summary>
/// Rows of a benchmark taken in turn, round after round, in one process, so the machine's load drifts under every row
/// alike: each repeat prints the rows' medians per call, in wall time and in the process's CPU time (client and agent
/// share the process, so the CPU time is what a call costs both ends), with their ratios to the first row, the baseline.
/// </summary>
internal static class InTurns
{
    private static readonly TimeSpan LongestWarmUp = TimeSpan.FromSeconds(10);

    /// <summary>Runs three repeats of <paramref name="rounds"/> rounds (and a tenth more first, untimed, to warm up, after the rounds of <see cref="JitWarmUp"/>).</summary>
    /// <param name="rows">The rows, the baseline first; each run of a row makes <paramref name="callsPerRun"/> calls.</param>
    /// <param name="rounds">The timed rounds of each repeat.</param>
    /// <param name="runsPerSample">The runs of a row timed as one sample.</param>
    /// <param name="callsPerRun">The calls one run makes, to give times per call.</param>
    /// <param name="sample">How a sample is described in each repeat's heading.</param>
    /// <param name="only">
    /// Runs the baseline and the rows whose name contains this text (to profile one row), or is this text after a leading
    /// <c>=</c>; a leading <c>!</c> runs the row of that name alone, its own baseline (to count its system calls);
    /// <see langword="null"/> for all.
    /// </param>
    /// <returns>A task that completes when the three repeats are printed.</returns>
    public static async Task RunAsync((string Name, Func<Task> Run)[] rows, int rounds, int runsPerSample, int callsPerRun, string sample, string? only = null)
    {
        rows = only switch
        {
            null => rows,
            ['!', .. var name] => [.. rows.Where(r => r.Name == name)],
            ['=', .. var name] => [rows[0], .. rows.Skip(1).Where(r => r.Name == name)],
            _ => [rows[0], .. rows.Skip(1).Where(r => r.Name.Contains(only, StringComparison.OrdinalIgnoreCase))],
        };
        var callsPerSample = runsPerSample * callsPerRun;
        _ = await JitWarmUp.RunAsync(
            async () =>
            {
                foreach (var row in rows)
                {
                    await row.Run().ConfigureAwait(false);
                }
            },
            LongestWarmUp).ConfigureAwait(false);
        for (var repeat = 1; repeat <= 3; repeat++)
        {
            var wall = rows.Select(_ => new List<double>(rounds)).ToArray();
            var cpu = rows.Select(_ => new List<double>(rounds)).ToArray();
            for (var round = -rounds / 10; round < rounds; round++)
            {
                for (var row = 0; row < rows.Length; row++)
                {
                    var cpuStarted = Process.GetCurrentProcess().TotalProcessorTime;
                    var started = Stopwatch.GetTimestamp();
                    for (var run = 0; run < runsPerSample; run++)
                    {
                        await rows[row].Run().ConfigureAwait(false);
                    }

                    var elapsed = Stopwatch.GetElapsedTime(started);
                    var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpuStarted;
                    if (round >= 0)
                    {
                        wall[row].Add(elapsed.TotalMicroseconds / callsPerSample);
                        cpu[row].Add(cpuUsed.TotalMicroseconds / callsPerSample);
                    }
                }
            }

            var wallBaseline = Median(wall[0]);
            var cpuBaseline = Median(cpu[0]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {repeat}, {rounds} rounds of {sample}, medians per call (wall, CPU):"));
            for (var row = 0; row < rows.Length; row++)
            {
                var w = Median(wall[row]);
                var c = Median(cpu[row]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rows[row].Name,-42} {w,7:F2} µs {w / wallBaseline,5:F2}x   {c,7:F2} µs {c / cpuBaseline,5:F2}x"));
            }
        }
    }

    /// <summary>The median of the samples, the upper one of an even count (sorts the list in place).</summary>
    /// <param name="samples">The samples.</param>
    /// <returns>The median.</returns>
    internal static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
