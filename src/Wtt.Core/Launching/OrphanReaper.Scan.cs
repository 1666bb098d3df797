// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>The scan of /proc for zombie orphans.</content>
internal static partial class OrphanReaper
{
    /// <summary>Reaps the zombie orphans of launched trees now.</summary>
    internal static void Scan()
    {
        try
        {
            lock (ScanGate)
            {
                ScanCore();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // /proc changed under the scan; the next SIGCHLD scans again.
        }
        finally
        {
            Interlocked.Exchange(ref nextScan, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
        }
    }

    private static void ScanCore()
    {
        Volatile.Write(ref scanPending, 0);
        var self = LibC.getpid();
        var snapshotAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var all = ProcStat.Snapshot();
        var inUse = new HashSet<int>();

        // A start in flight has marked its process by the time this lock is taken (see BeginStart).
        StartGate.EnterWriteLock();
        try
        {
            foreach (var stat in all)
            {
                _ = inUse.Add(stat.ProcessGroup);
                _ = inUse.Add(stat.Session);
                if (stat.ParentPid == self && stat.State == 'Z' && !Roots.ContainsKey(stat.Pid) && IsOrphanOfATree(stat))
                {
                    Reap(stat.Pid);
                }
            }
        }
        finally
        {
            StartGate.ExitWriteLock();
        }

        // A group id nobody uses any more may be given to an unrelated process: forget it (unless it was
        // tracked after the snapshot began, which then could not see it).
        foreach (var (leader, trackedAt) in Groups)
        {
            if (trackedAt < snapshotAt && !inUse.Contains(leader))
            {
                _ = Groups.TryRemove(leader, out _);
            }
        }

        foreach (var (folder, rootExited) in Cgroups)
        {
            // Only the entry read here goes: the folder may have gone back to the pool and be tracked again for a new process.
            if (rootExited == 1 && CgroupTree.TryRemove(folder))
            {
                _ = Cgroups.TryRemove(new KeyValuePair<string, byte>(folder, 1));
            }
        }
    }

    private static bool IsOrphanOfATree(ProcStat stat)
    {
        if (Groups.ContainsKey(stat.ProcessGroup) || Groups.ContainsKey(stat.Session))
        {
            return true;
        }

        var parent = cgroupParent;
        if (parent is null)
        {
            return false;
        }

        try
        {
            // The v2 line "0::/wtt/<id>" survives the exit, so a zombie still names its cgroup.
            var mount = Path.GetDirectoryName(parent)!;
            foreach (var line in File.ReadLines($"/proc/{stat.Pid}/cgroup"))
            {
                if (line.StartsWith("0::", StringComparison.Ordinal)
                    && (mount + line[3..]).StartsWith(parent + "/", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
        }

        return false;
    }

    private static void Reap(int pid)
    {
        var pidfd = Syscalls.PidfdOpen(pid);
        if (pidfd >= 0)
        {
            _ = Syscalls.TryReap(pidfd, out _, out _);
            Syscalls.CloseQuietly(pidfd);
        }
    }
}
