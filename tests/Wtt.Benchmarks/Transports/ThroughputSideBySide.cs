// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Benchmarks.Transports;

/// <summary>
/// Issue 13's own measurement of 64 calls in flight: the rows of <see cref="RemoteThroughputBenchmarks"/> taken in turn
/// (<see cref="InTurns"/>), each sample 16 batches of 64 calls, with their ratios to the bare JSON echo.
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
            ("Wtt open, tcp, JSON", bench.WttTcpJson64),
            ("Wtt currentInfo, tcp", bench.WttTcpCurrentInfo64),
        ];
        try
        {
            await InTurns.RunAsync(rows, rounds, BatchesPerSample, 64, $"{BatchesPerSample} x 64 calls", only).ConfigureAwait(false);
        }
        finally
        {
            await bench.CleanupAsync().ConfigureAwait(false);
        }
    }
}
