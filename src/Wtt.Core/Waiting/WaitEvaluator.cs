// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Waiting;

/// <summary>
/// Judges where each process of a wait stands, from its row, at one instant. Pure: the same rows, options
/// and time give the same verdict, so the rules are tested without waiting.
/// </summary>
internal static class WaitEvaluator
{
    /// <summary>Judges one process.</summary>
    /// <param name="row">Its row, or <see langword="null"/> when it is gone from the table (it has ended).</param>
    /// <param name="options">The wait's options.</param>
    /// <param name="now">The instant, by this machine's clock.</param>
    /// <returns>The standing, and when it would next change by time alone (a heartbeat expiring), if ever.</returns>
    public static (WaitEntryOutcome Outcome, DateTimeOffset? ExpiresAt) Judge(ProcessRecord? row, WaitOptions options, DateTimeOffset now)
    {
        if (row is null || row.Status.IsEnded())
        {
            return (options.Target == WaitTarget.Exited ? WaitEntryOutcome.Reached : WaitEntryOutcome.ExitedEarly, null);
        }

        if (options.Target == WaitTarget.Initialized && IsInitialized(row))
        {
            return (WaitEntryOutcome.Reached, null);
        }

        if (row.Kind != ProcessKind.WttBased)
        {
            return (WaitEntryOutcome.StillWaiting, null);
        }

        if (row.Status == ProcessStatus.DebugBreak)
        {
            return (WaitEntryOutcome.DebugBreak, null);
        }

        var debugTimeout = options.DebugTimeout ?? row.DebugTimeout;
        if (debugTimeout == Timeout.InfiniteTimeSpan)
        {
            return (WaitEntryOutcome.StillWaiting, null);
        }

        // A row is written with no heartbeat before the process starts, so a process that never beats is judged from its creation.
        var expiresAt = (row.LastHeartbeat ?? row.CreatedAt) + debugTimeout;
        return now >= expiresAt ? (WaitEntryOutcome.DebugBreak, null) : (WaitEntryOutcome.StillWaiting, expiresAt);
    }

    /// <summary>Sums the standings up.</summary>
    /// <param name="outcomes">Each process's standing, in the result's order.</param>
    /// <param name="mode">All or any.</param>
    /// <param name="timedOut">Whether the wait's time is up.</param>
    /// <returns>The outcome and its index, or <see langword="null"/> when the wait goes on.</returns>
    public static (WaitOutcome Outcome, int Index)? Summarize(IReadOnlyList<WaitEntryOutcome> outcomes, WaitMode mode, bool timedOut)
    {
        var firstFailure = -1;
        var firstReached = -1;
        var allReached = true;
        var allFailed = true;
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            if (outcome == WaitEntryOutcome.Reached)
            {
                firstReached = firstReached < 0 ? i : firstReached;
                allFailed = false;
                continue;
            }

            allReached = false;
            if (outcome == WaitEntryOutcome.StillWaiting)
            {
                allFailed = false;
            }
            else if (firstFailure < 0)
            {
                firstFailure = i;
            }
        }

        if (mode == WaitMode.Any && firstReached >= 0)
        {
            return (WaitOutcome.Satisfied, firstReached);
        }

        if (mode == WaitMode.All && allReached)
        {
            return (WaitOutcome.Satisfied, -1);
        }

        var debugBreak = IndexOf(outcomes, WaitEntryOutcome.DebugBreak);
        if (debugBreak >= 0)
        {
            return (WaitOutcome.DebugBreak, debugBreak);
        }

        if (firstFailure >= 0 && (mode == WaitMode.All || allFailed))
        {
            return (outcomes[firstFailure] == WaitEntryOutcome.Unreachable ? WaitOutcome.Unreachable : WaitOutcome.ExitedEarly, firstFailure);
        }

        return timedOut ? (WaitOutcome.TimedOut, IndexOf(outcomes, WaitEntryOutcome.StillWaiting)) : null;
    }

    private static bool IsInitialized(ProcessRecord row)
        => row.Status == ProcessStatus.Initialized
            || (row.Kind == ProcessKind.Plain && row.Status == ProcessStatus.Running);

    private static int IndexOf(IReadOnlyList<WaitEntryOutcome> outcomes, WaitEntryOutcome wanted)
    {
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i] == wanted)
            {
                return i;
            }
        }

        return -1;
    }
}
