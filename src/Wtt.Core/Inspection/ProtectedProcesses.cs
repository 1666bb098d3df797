// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using Wtt.Core.Platform;

namespace Wtt.Core.Inspection;

/// <summary>
/// The processes a client must never stop or kill: itself (the agent, when it serves remote callers), every
/// ancestor up its parent chain, and pid 1. A terminate or signal aimed at one of them is refused
/// (<see cref="SignalOutcome.Refused"/>), and a tree kill leaves them out of the processes it signals.
/// </summary>
/// <remarks>
/// The chain is read from <c>/proc</c> and reused for <see cref="ChainReuse"/>, so a terminate of many members reads it
/// about once instead of once per member and per kill. Reuse cannot leave an ancestor unprotected: when a parent exits,
/// this process is re-parented to a subreaper or pid 1, which are already further up the chain, so the chain only
/// shrinks; a departed ancestor whose pid is recycled is told apart by its start time in <see cref="Contains"/>.
/// </remarks>
internal static class ProtectedProcesses
{
    private static readonly TimeSpan ChainReuse = TimeSpan.FromMilliseconds(25);
    private static readonly Lock ChainGate = new();
    private static (long Taken, List<(int Pid, long StartTime)> Chain)? recentChain;

    /// <summary>Gets whether <paramref name="pid"/> is this process, an ancestor of it, or pid 1 (or not a valid pid).</summary>
    /// <param name="pid">The pid.</param>
    /// <param name="startTime">Its recorded start time, or 0 when unknown; a pid whose start time differs was recycled and is not protected.</param>
    /// <returns><see langword="true"/> when it must not be signalled.</returns>
    public static bool Contains(int pid, long startTime = 0)
    {
        if (pid <= 1)
        {
            return true;
        }

        foreach (var (protectedPid, protectedStart) in Chain())
        {
            if (protectedPid == pid)
            {
                return startTime == 0 || protectedStart == 0 || startTime == protectedStart;
            }
        }

        return false;
    }

    /// <summary>Gets the pids of this process and its ancestors, with their start times, read at most <see cref="ChainReuse"/> ago.</summary>
    /// <returns>This process first, then its parent, up to pid 1; do not change the list.</returns>
    public static List<(int Pid, long StartTime)> Chain()
    {
        lock (ChainGate)
        {
            if (recentChain is { } recent && Stopwatch.GetElapsedTime(recent.Taken) < ChainReuse)
            {
                return recent.Chain;
            }

            var chain = ReadChain();
            recentChain = (Stopwatch.GetTimestamp(), chain);
            return chain;
        }
    }

    private static List<(int Pid, long StartTime)> ReadChain()
    {
        var chain = new List<(int, long)>(8);
        var pid = Environment.ProcessId;
        while (pid > 1 && chain.Count < 4096)
        {
            if (!ProcStat.TryRead(pid, out var stat))
            {
                chain.Add((pid, 0));
                break;
            }

            chain.Add((pid, stat.StartTime));
            pid = stat.ParentPid;
        }

        chain.Add((1, 0));
        return chain;
    }

    /// <summary>Gets the pids of <see cref="Chain"/> as a set.</summary>
    /// <returns>The set.</returns>
    public static HashSet<int> Pids() => [.. Chain().Select(c => c.Pid)];
}
