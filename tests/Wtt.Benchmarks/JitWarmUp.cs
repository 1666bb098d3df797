// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Runtime;

namespace Wtt.Benchmarks;

/// <summary>
/// Warms up the runners that take their rows in turns until the JIT has done its work. The JIT compiles a method first
/// unoptimized, then again, optimized and in the background, once it has been called 30 times and no new method has been
/// compiled for 100 ms; the baseline's code in .NET itself comes compiled ahead of time. A few untimed rounds left that
/// work in the timed ones: in the tree of 200, the JIT's time was 6 to 33 ms of many terminates of 20 to 37 ms through
/// the first repeat and into the second (<see cref="JitInfo"/>, read around each terminate;
/// tests/Wtt.Benchmarks/Lifecycle/README.md, twenty-third pass).
/// </summary>
internal static class JitWarmUp
{
    /// <summary>How long no method may have been compiled before the warm-up ends: longer than the JIT's 100 ms wait.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="round"/> untimed until no method has been compiled for a second and <paramref name="shortest"/>
    /// has passed, or <paramref name="longest"/> has.
    /// </summary>
    /// <param name="round">One round of every row.</param>
    /// <param name="longest">The longest warm-up (a method compiled now and then, by a timer's work, would otherwise never let it end).</param>
    /// <param name="shortest">The shortest: for a row that also runs code in another process, whose JIT this one cannot see.</param>
    /// <returns>The rounds run.</returns>
    public static async Task<int> RunAsync(Func<Task> round, TimeSpan longest, TimeSpan shortest = default)
    {
        var started = Stopwatch.GetTimestamp();
        var lastCompile = started;
        var compiled = JitInfo.GetCompiledMethodCount();
        for (var rounds = 1; ; rounds++)
        {
            await round().ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            var count = JitInfo.GetCompiledMethodCount();
            if (count != compiled)
            {
                compiled = count;
                lastCompile = now;
            }

            var elapsed = Stopwatch.GetElapsedTime(started, now);
            if ((Stopwatch.GetElapsedTime(lastCompile, now) >= Quiet && elapsed >= shortest) || elapsed >= longest)
            {
                return rounds;
            }
        }
    }
}
