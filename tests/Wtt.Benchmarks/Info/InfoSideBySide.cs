// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Benchmarks.Info;

/// <summary>
/// Issue 13's own measurement of info over tcp: the rows of <see cref="ProcessInfoBenchmarks"/> taken in turn
/// (<see cref="InTurns"/>), each sample 32 calls one after another, with their ratios to the bare JSON echo.
/// </summary>
/// <remarks>
/// Run with <c>dotnet run -c Release --project tests/Wtt.Benchmarks -- info-side-by-side [rounds] [only rows naming this]</c>.
/// </remarks>
internal static class InfoSideBySide
{
    private const int CallsPerSample = 32;

    /// <param name="rounds">The rounds of each repeat.</param>
    /// <param name="only">Runs the baseline and the rows whose name contains this text (to profile one row); <see langword="null"/> for all.</param>
    public static async Task RunAsync(int rounds, string? only = null)
    {
        var bench = new ProcessInfoBenchmarks();
        await bench.SetupAsync().ConfigureAwait(false);
        (string Name, Func<Task> Run)[] rows =
        [
            ("bare StreamJsonRpc echo, tcp (baseline)", bench.BareEcho),
            ("Wtt open, remote machine, tcp", bench.OpenRemote),
            ("Wtt info, running, remote machine, tcp", bench.InfoRemoteRunning),
            ("Wtt info, ended, remote machine, tcp", bench.InfoRemoteEnded),
            ("Wtt info, running, agent's machine", bench.InfoLocalRunning),
            ("wire + agent target, open at once", bench.WireAgentOpen),
            ("wire + agent target, info at once", bench.WireAgentInfo),
            ("wire + agent target, info with a machine", bench.WireAgentInfoOnMachine),
            ("bare StreamJsonRpc echo, MessagePack", bench.BareEchoMessagePack),
            ("the wire alone, open-shaped", bench.WireOnlyOpen),
            ("the wire alone, with a machine (a token)", bench.WireOnlyOpenWithToken),
        ];
        try
        {
            await InTurns.RunAsync(rows, rounds, CallsPerSample, 1, $"{CallsPerSample} calls", only).ConfigureAwait(false);
        }
        finally
        {
            await bench.CleanupAsync().ConfigureAwait(false);
        }
    }
}
