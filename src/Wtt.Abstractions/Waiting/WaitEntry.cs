// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>One process's standing in a wait's result.</summary>
/// <param name="Id">The process.</param>
/// <param name="Machine">Its machine; <see langword="null"/> for the caller's.</param>
/// <param name="Outcome">Where it stands relative to the target.</param>
/// <param name="Status">Its status when the wait returned.</param>
public sealed record WaitEntry(WttProcessId Id, string? Machine, WaitEntryOutcome Outcome, ProcessStatus Status)
{
    /// <summary>Gets the exit code, where the process has exited.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Gets the heartbeat age when the wait returned, judged by the process's own machine's clock.</summary>
    public TimeSpan? HeartbeatAge { get; init; }
}
