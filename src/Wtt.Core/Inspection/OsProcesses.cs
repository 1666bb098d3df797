// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core.Inspection;

/// <summary>
/// Signals a process this client did not start (another client or the agent did) by its pid, only while
/// the pid still belongs to the process that started at the recorded time, and kills its tree by walking
/// <c>/proc</c>. The launcher of a process does this better (pidfd, cgroup); this is the fallback.
/// </summary>
internal static class OsProcesses
{
    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/> if it is still the process that started at <paramref name="startTime"/>.</summary>
    /// <returns><see langword="true"/> when sent.</returns>
    public static bool TrySignal(int pid, long startTime, PosixSignal signal)
        => IsSame(pid, startTime) && !ProtectedProcesses.Contains(pid, startTime) && LibC.kill(pid, SignalNumbers.ToLinux(signal)) == 0;

    /// <summary>
    /// Kills the process and every descendant found through parent links in <c>/proc</c>, children first found, all with SIGKILL.
    /// This process, its ancestors and pid 1 are never stopped nor killed, even when the walk finds them.
    /// </summary>
    /// <returns><see langword="true"/> when the root was still there to kill.</returns>
    public static bool TryKillTree(int pid, long startTime)
    {
        if (!IsSame(pid, startTime) || ProtectedProcesses.Contains(pid, startTime))
        {
            return false;
        }

        // Stop the root first so it cannot start more children, then kill what it left.
        var spared = ProtectedProcesses.Pids();
        _ = LibC.kill(pid, 19); // SIGSTOP
        var tree = Descendants(pid);
        _ = LibC.kill(pid, SignalNumbers.Kill);
        foreach (var child in tree)
        {
            if (!spared.Contains(child))
            {
                _ = LibC.kill(child, SignalNumbers.Kill);
            }
        }

        return true;
    }

    private static bool IsSame(int pid, long startTime)
        => OperatingSystem.IsLinux() && startTime != 0 && ProcessLiveness.IsAlive(pid, startTime);

    private static List<int> Descendants(int root)
    {
        var byParent = ProcStat.Snapshot().ToLookup(s => s.ParentPid, s => s.Pid);
        var found = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var child in byParent[next])
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        }

        return found;
    }
}
