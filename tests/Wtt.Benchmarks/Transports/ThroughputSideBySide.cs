// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;

namespace Wtt.Benchmarks.Transports;

/// <summary>
/// Issue 13's own measurement of 64 calls in flight: the rows of <see cref="RemoteThroughputBenchmarks"/> taken in turn, round
/// after round, in one process, so the machine's load drifts under every row alike. Each sample is 16 batches of 64 calls; each
/// repeat prints the rows' medians per call, in wall time and in the process's CPU time (client and agent share the process, so
/// the CPU time is what a call costs both ends), with their ratios to the bare JSON echo.
/// </summary>
/// <remarks>Run with <c>dotnet run -c Release --project tests/Wtt.Benchmarks -- throughput-side-by-side [rounds] [only rows naming this]</c>.</remarks>
internal static class ThroughputSideBySide
{
    private const int BatchesPerSample = 16;
    private static readonly WttProcessId Id = WttProcessId.New();
    private static readonly Guid CallId = Guid.NewGuid();

    /// <param name="rounds">The rounds of each repeat.</param>
    /// <param name="only">Runs the baseline and the rows whose name contains this text (to profile one row); <see langword="null"/> for all.</param>
    public static async Task RunAsync(int rounds, string? only = null)
    {
        var bench = new RemoteThroughputBenchmarks();
        await bench.SetupAsync().ConfigureAwait(false);
        var baselines = bench.Baselines!;
        (string Name, Func<Task> Run)[] rows =
        [
            ("bare StreamJsonRpc echo, JSON (baseline)", bench.BareEcho64),
            ("bare StreamJsonRpc echo, MessagePack", bench.BareEchoMessagePack64),
            ("the wire alone", bench.WireOnly64),
            ("  the same, envelopes not checked", () =>
            {
                var calls = new Task[64];
                for (var i = 0; i < calls.Length; i++)
                {
                    calls[i] = baselines.WireUncheckedOpenAsync(CallId, Id);
                }

                return Task.WhenAll(calls);
            }),
            ("  the same, with a machine (a token per call)", () =>
            {
                var calls = new Task[64];
                for (var i = 0; i < calls.Length; i++)
                {
                    calls[i] = baselines.WireOnlyOpenOnMachineAsync(CallId, Id);
                }

                return Task.WhenAll(calls);
            }),
            ("the wire and the agent's target", bench.WireAgent64),
            ("Wtt open, tcp", bench.WttTcp64),
        ];
        rows = [rows[0], .. rows.Skip(1).Where(r => only is null || r.Name.Contains(only, StringComparison.OrdinalIgnoreCase))];
        try
        {
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
                        for (var batch = 0; batch < BatchesPerSample; batch++)
                        {
                            await rows[row].Run().ConfigureAwait(false);
                        }

                        var elapsed = Stopwatch.GetElapsedTime(started);
                        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpuStarted;
                        if (round >= 0)
                        {
                            wall[row].Add(elapsed.TotalMicroseconds / (BatchesPerSample * 64));
                            cpu[row].Add(cpuUsed.TotalMicroseconds / (BatchesPerSample * 64));
                        }
                    }
                }

                var wallBaseline = Median(wall[0]);
                var cpuBaseline = Median(cpu[0]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {repeat}, {rounds} rounds of {BatchesPerSample} x 64 calls, medians per call (wall, CPU):"));
                for (var row = 0; row < rows.Length; row++)
                {
                    var w = Median(wall[row]);
                    var c = Median(cpu[row]);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rows[row].Name,-42} {w,6:F2} µs {w / wallBaseline,5:F2}x   {c,6:F2} µs {c / cpuBaseline,5:F2}x"));
                }
            }
        }
        finally
        {
            await bench.CleanupAsync().ConfigureAwait(false);
        }
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
