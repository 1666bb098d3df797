// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core;

/// <summary>
/// Moves started processes into their cgroups on one background thread. A move (a write of the pid to
/// <c>cgroup.procs</c>) takes the kernel's cgroup-wide thread-group lock and waits for an RCU grace period:
/// 3 to 10 ms on the machines measured, more than the spawn itself, and it stalls every fork and exit
/// meanwhile. A process that exits before its turn is skipped.
/// </summary>
internal static class CgroupMover
{
    private static readonly BackgroundQueue<CgroupPlacement> Queue = new("Wtt cgroup mover", static placement => placement.MoveNow());

    /// <summary>Queues a move.</summary>
    public static void Enqueue(CgroupPlacement placement) => Queue.Add(placement);

    /// <summary>Moves a process now.</summary>
    /// <returns><see langword="true"/> when it is in its cgroup.</returns>
    public static bool MoveNow(string cgroup, int pid) => CgroupTree.TryAdd(cgroup, pid);
}
