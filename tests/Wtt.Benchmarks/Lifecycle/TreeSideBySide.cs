// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>
/// Issue 13's tree of 200 with the rows taken in turn, round by round: the baseline (200 <see cref="Process.Start(ProcessStartInfo)"/>,
/// then SIGKILL each and wait each) and <see cref="IWttClient.TerminateAsync"/> of a Wtt tree of 200 with grace 0, both
/// from <see cref="TreeTerminateBenchmarks"/>, whose BenchmarkDotNet job runs its rows minutes apart, and a third row
/// between them that kills each process of a Wtt tree by its pid and waits for the tree (what the exits cost Wtt, without
/// the terminate's own walks). Only the kills and the waits are timed; the starts and the checks after each round are not.
/// </summary>
/// <remarks>
/// Run with <c>dotnet run -c Release --project tests/Wtt.Benchmarks -- tree-side-by-side [rounds]</c>; prints, for three
/// repeats of each way of starting the tree (into its cgroups with libwttspawn, or moved there after a
/// <c>posix_spawn</c>), the medians and the ratios of Wtt's rows to the baseline's.
/// </remarks>
internal static class TreeSideBySide
{
    private static readonly TimeSpan LongestWarmUp = TimeSpan.FromSeconds(20);

    /// <param name="rounds">The timed rounds of each repeat (one more first, untimed, and before the first repeat of each way, those of <see cref="JitWarmUp"/>).</param>
    public static async Task RunAsync(int rounds)
    {
        foreach (var nativeSpawn in new[] { true, false })
        {
            var bench = new TreeTerminateBenchmarks { NativeSpawn = nativeSpawn };
            bench.Setup();
            try
            {
                var warmUp = await JitWarmUp.RunAsync(() => RoundAsync(bench), LongestWarmUp).ConfigureAwait(false);
                for (var repeat = 1; repeat <= 3; repeat++)
                {
                    var baseline = new List<double>(rounds);
                    var wtt = new List<double>(rounds);
                    var each = new List<double>(rounds);
                    for (var round = -1; round < rounds; round++)
                    {
                        var (plain, tree, killed) = await RoundAsync(bench).ConfigureAwait(false);
                        if (round >= 0)
                        {
                            baseline.Add(plain);
                            wtt.Add(tree);
                            each.Add(killed);
                        }
                    }

                    var b = InTurns.Median(baseline);
                    var w = InTurns.Median(wtt);
                    var e = InTurns.Median(each);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"NativeSpawn {nativeSpawn}, repeat {repeat}, {rounds} rounds (after {warmUp} to warm up): baseline {b,7:F2} ms, TerminateAsync(Tree) 200 grace 0 {w,7:F2} ms, {w / b,5:F2}x; SIGKILL each Wtt pid + WaitAsync {e,7:F2} ms, {e / b,5:F2}x"));
                }
            }
            finally
            {
                bench.Cleanup();
            }
        }
    }

    /// <summary>Runs one round of the three rows and times each.</summary>
    /// <returns>The baseline's, the terminate's and the kills' milliseconds.</returns>
    private static async Task<(double Plain, double Tree, double Killed)> RoundAsync(TreeTerminateBenchmarks bench)
    {
        bench.StartPlain();
        var started = Stopwatch.GetTimestamp();
        bench.ProcessStartKillEach();
        var plain = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        bench.DisposePlain();

        bench.CreateTree();
        started = Stopwatch.GetTimestamp();
        await bench.TerminateForced().ConfigureAwait(false);
        var tree = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        bench.CheckAndRemoveTree();

        bench.CreateTree();
        started = Stopwatch.GetTimestamp();
        await bench.KillEachPid().ConfigureAwait(false);
        var killed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        bench.CheckAndRemoveTree();
        return (plain, tree, killed);
    }
}
