// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>
/// A histogram of single-operation latencies (the last <c>capacity</c> samples), for the median and p99 that
/// BenchmarkDotNet's per-iteration statistics cannot give. Printed by the benchmark's cleanup with the prefix
/// <c>// latency</c>, so the figures can be read from the run's log.
/// </summary>
/// <param name="name">What is measured.</param>
/// <param name="capacity">How many of the latest samples are kept.</param>
internal sealed class LatencyRecorder(string name, int capacity = 200_000)
{
    private readonly long[] samples = new long[capacity];
    private long count;

    /// <summary>Records one latency between two <see cref="Stopwatch.GetTimestamp"/> readings.</summary>
    /// <param name="start">The start.</param>
    /// <param name="end">The end.</param>
    public void Record(long start, long end)
    {
        samples[count % samples.Length] = end - start;
        count++;
    }

    /// <summary>Prints count, median, p90, p99, p99.9 and max in microseconds, when any sample was taken.</summary>
    public void Report()
    {
        if (count == 0)
        {
            return;
        }

        var sorted = Sorted();
        var kept = sorted.Length;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// latency {name}: n={kept} (of {count}) median={Micros(sorted, 0.50):F1} us p90={Micros(sorted, 0.90):F1} us p99={Micros(sorted, 0.99):F1} us p99.9={Micros(sorted, 0.999):F1} us max={Micros(sorted, 1.0):F1} us"));
        count = 0;
    }

    /// <summary>Gets a quantile of the samples kept, in microseconds; 0 when none was taken since the last report.</summary>
    /// <param name="quantile">0.5 for the median.</param>
    /// <returns>The latency.</returns>
    public double Micros(double quantile) => count == 0 ? 0 : Micros(Sorted(), quantile);

    private long[] Sorted()
    {
        var sorted = samples.AsSpan(0, (int)Math.Min(count, samples.Length)).ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static double Micros(long[] sorted, double quantile)
    {
        var index = Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1);
        return sorted[Math.Max(0, index)] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
