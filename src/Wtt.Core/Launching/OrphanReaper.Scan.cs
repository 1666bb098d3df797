// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>The scan of /proc for zombie orphans.</content>
internal static partial class OrphanReaper
{
    /// <summary>Reaps the zombie orphans of launched trees now.</summary>
    /// <param name="wholeMachine">
    /// Whether every process on the machine is read (a walk of <c>/proc</c>), which tracked process groups and sessions
    /// need to tell when nobody uses them any more; without them only this process's children are read (see
    /// <see cref="ReadChildren"/>). By default, whole when some group or session is tracked, or where the kernel keeps
    /// no children lists (<c>CONFIG_PROC_CHILDREN</c> off).
    /// </param>
    internal static void Scan(bool? wholeMachine = null)
    {
        try
        {
            lock (ScanGate)
            {
                ScanCore(wholeMachine ?? (!Groups.IsEmpty || !TreeKiller.ChildrenFilesSupported));
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

    /// <summary>
    /// Gets this process's children, zombies included: the pids the kernel lists under each of its threads
    /// (<c>/proc/PID/task/TID/children</c>, read by <see cref="TreeKiller.ReadChildren"/>; an orphan goes to a thread of
    /// the subreaper, a started process is the child of the thread that started it). The lists are read twice: a list
    /// read while a child of that thread is reaped can skip one entry (proc(5)), and the second read finds what the
    /// first skipped.
    /// </summary>
    /// <returns>The pids.</returns>
    internal static HashSet<int> ReadChildren()
    {
        var self = Environment.ProcessId;
        var children = new List<int>();
        _ = TreeKiller.ReadChildren(self, singleThreaded: false, children);
        _ = TreeKiller.ReadChildren(self, singleThreaded: false, children);
        return [.. children];
    }

    /// <remarks>
    /// A walk of <c>/proc</c> reads every process's stat file, the running processes of launched trees too: each read
    /// leaves entries under that process's <c>/proc</c> folder which the kernel drops, at a cost, when the process is
    /// reaped; and it grows with the machine. So only this process's children are read (the launched ones, which their
    /// own watchers reap, skipped) unless a tracked group or session needs the whole machine.
    /// </remarks>
    private static void ScanCore(bool wholeMachine)
    {
        Volatile.Write(ref scanPending, 0);
        var self = LibC.getpid();
        var snapshotAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var all = wholeMachine ? ProcStat.Snapshot() : ReadChildStats();
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
        // tracked after the snapshot began, which then could not see it). Only a walk of the whole machine tells.
        if (wholeMachine)
        {
            foreach (var (leader, trackedAt) in Groups)
            {
                if (trackedAt < snapshotAt && !inUse.Contains(leader))
                {
                    _ = Groups.TryRemove(leader, out _);
                }
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

    /// <summary>Reads the stat file of each child of this process that is not a launched process (whose watcher reaps it).</summary>
    private static List<ProcStat> ReadChildStats()
    {
        var stats = new List<ProcStat>();
        foreach (var pid in ReadChildren())
        {
            if (!Roots.ContainsKey(pid) && ProcStat.TryRead(pid, out var stat))
            {
                stats.Add(stat);
            }
        }

        return stats;
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
