// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using Wtt.Core.Inspection;
using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <summary>Kills a started process and every OS descendant of it, then reaps those re-parented to the launcher.</summary>
/// <remarks>
/// <para>
/// What is killed: the processes in the root's cgroup (<c>cgroup.kill</c>, atomic: a process that forks
/// while it is killed cannot escape), those in the root's process group or session when it has its own
/// (<c>kill(-pgid)</c>), and every descendant found from all of these, recorded before anything is killed:
/// through the kernel's list of each thread's children, or, when the root leads its own group or session (whose
/// members are found by reading every process), by walking the <c>ppid</c> links of <c>/proc</c>. Each one
/// found is opened as a pidfd and checked again (its parent, its cgroup or its start time), so a pid recycled
/// during the walk is never killed.
/// </para>
/// <para>
/// A root whose cgroup holds every descendant it ever had (<see cref="Root.CgroupHoldsTree"/>: started inside it, or moved
/// there before it had a child, <see cref="HasNoChildren"/>), without a process group or session of its own, is not
/// walked: its pidfd alone is signalled, and whoever the cgroup still holds once it died is killed then (the reading of
/// the cgroup after the death, below). That spares each member of a terminate two reads of <c>/proc</c>; a member with
/// children of its own has them killed one step later, and its folder, written to <c>cgroup.kill</c>, is not reused. In
/// turns with the walk, a terminate of 200 such members went from 1.88 to 1.69 times the baseline's time when started
/// into their cgroups, and from 1.82 to 1.49 when moved there (medians of 6 repeats each,
/// tests/Wtt.Benchmarks/Lifecycle/README.md, eighteenth pass).
/// </para>
/// <para>
/// The remaining race, where libwttspawn is missing or turned off (<see cref="ProcessLauncherOptions.UseNativeSpawn"/>;
/// with it, clone3's <c>CLONE_INTO_CGROUP</c> starts the process in its cgroup and there is no such window): posix_spawn
/// cannot start a process inside a cgroup (glibc 2.39's <c>posix_spawnattr_setcgroup_np</c> could), so a process is
/// moved into its cgroup after it started: right after <c>posix_spawn</c> returns (which is after its exec) with
/// <see cref="ProcessLauncherOptions.WaitForCgroupPlacement"/>, else by a background thread
/// <see cref="ProcessLauncherOptions.CgroupPlacementDelay"/> later (a tree kill waits for that move first).
/// A child it forks before the move stays in the launcher's own cgroup, so <c>cgroup.kill</c> misses it. The
/// <c>/proc</c> walk still finds it through its <c>ppid</c> link while its parent lives; if the parent died
/// in between, the child was re-parented to the launcher (a child subreaper), where it is found only when
/// the root has its own process group or session. Without cgroups, a grandchild that both left the process
/// group and lost its parent before the walk is not found either. Launching with
/// <see cref="ProcessCreationFlags.NewProcessGroup"/> or <see cref="ProcessCreationFlags.NewSession"/> narrows
/// these windows.
/// </para>
/// </remarks>
internal static class TreeKiller
{
    private static readonly TimeSpan SnapshotReuse = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan ExitPoll = TimeSpan.FromMilliseconds(5);
    private static readonly Lock SnapshotGate = new();
    private static (long Taken, Snapshot Procs)? recentSnapshot;

    /// <summary>Kills the tree and waits (at most <paramref name="timeout"/>) for it to die, reaping what became ours.</summary>
    /// <param name="root">The process at the top of the tree.</param>
    /// <param name="timeout">How long to wait for the killed processes to die.</param>
    /// <param name="batch">When open, holds the signals back until it fires, with those of the other members of one terminate.</param>
    /// <param name="folder">When given, told what the kill did with the root's cgroup folder (see <see cref="FolderUse"/>).</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes when the tree was killed.</returns>
    public static async ValueTask KillAsync(Root root, TimeSpan timeout, KillBatch? batch, FolderUse? folder, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var walk = Walk(root, folder);
        try
        {
            if (batch is null || !batch.TryHold(walk))
            {
                Signal(walk);
            }

            await FinishAsync(walk, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A walk given up on before its batch fired is never signalled: its pidfds are closed below.
            batch?.Drop(walk);

            // Reap those re-parented to us (ECHILD for the others, reaped by their own parents).
            foreach (var (_, pidfd) in walk.Targets)
            {
                _ = Syscalls.TryReap(pidfd, out _, out _);
                FdPoller.Shared.Release(pidfd);
            }
        }
    }

    /// <summary>Finds the tree's processes and opens each as a pidfd; nothing is signalled yet.</summary>
    private static TreeWalk Walk(Root root, FolderUse? folder)
    {
        var spared = ProtectedProcesses.Pids();
        var byChildren = !root.OwnGroup && !root.OwnSession && ChildrenFilesSupported;

        // Walking through children lists, the cgroup is read once, after the root and its targets died: a cgroup that
        // then lists anyone else has those seeded, killed and waited for as well.
        var members = root.Cgroup is null || (byChildren && root.Pidfd >= 0) ? null : CgroupTree.Members(root.Cgroup);
        bool recycled;
        List<(int Pid, int Pidfd)> targets;
        if (byChildren && root.CgroupHoldsTree && root.Pidfd >= 0 && root.Cgroup is not null)
        {
            // Every descendant of the root is in its cgroup: the cgroup, read once the root died, finds them.
            (targets, recycled) = ([], false);
        }
        else
        {
            targets = byChildren ? OpenChildTargets(root, spared, members, out recycled) : OpenTargets(root, spared, members, out recycled);
        }

        return new TreeWalk(root, spared, members, targets, recycled, folder);
    }

    /// <summary>Sends SIGKILL to everything a walk found: a few system calls, no reads.</summary>
    internal static void Signal(TreeWalk walk)
    {
        var root = walk.Root;
        if ((root.OwnGroup || root.OwnSession) && !walk.Recycled && !SharesGroup(root.Pid, walk.Spared))
        {
            _ = LibC.kill(-root.Pid, SignalNumbers.Kill);
        }

        if (root.Pidfd >= 0)
        {
            _ = Syscalls.PidfdSendSignal(root.Pidfd, SignalNumbers.Kill);
        }

        foreach (var (_, pidfd) in walk.Targets)
        {
            _ = Syscalls.PidfdSendSignal(pidfd, SignalNumbers.Kill);
        }

        // Without a pidfd the root itself is reached through its cgroup only: that is killed now.
        if (root.Pidfd < 0 && root.Cgroup is { } rootCgroup && !walk.Spared.Overlaps(walk.Members!))
        {
            KillCgroup(rootCgroup, walk.Folder);
        }
    }

    /// <summary>Waits for a signalled walk's processes to die, then kills what its cgroup still lists besides them.</summary>
    private static async ValueTask FinishAsync(TreeWalk walk, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (root, spared, members, targets) = (walk.Root, walk.Spared, walk.Members, walk.Targets);

        // Wait for every target and the root to die (then every re-parenting is done). Everything past the signals
        // runs after that, so a terminate of many members spends on each, on the caller's thread, only the walk.
        long? deadline = timeout == Timeout.InfiniteTimeSpan ? null : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        await WaitDeadAsync(root.Exited, targets, 0, deadline, cancellationToken).ConfigureAwait(false);

        // cgroup.kill hits every member at once; when this process or an ancestor is among them (moved into the
        // cgroup), only the checked per-process kills above are used. A process with SIGKILL pending can fork no
        // more (the kernel fails a fork once a fatal signal is pending), so a cgroup that, once the root and every
        // target died, lists nobody else has nobody left to kill: cgroup.kill, which takes the cgroup tree's global
        // lock (as does every cgroup rmdir of ended processes), is written only when it lists someone else, such as
        // a child forked between the walk and the signals.
        if (root.Pidfd >= 0 && root.Cgroup is { } cgroup)
        {
            // Most often nobody is left: the folder's populated flag (no process in it or below) says so in one read,
            // which also spares the folder's owner that read when it gives the folder back to the pool.
            if (!CgroupTree.IsPopulated(cgroup))
            {
                walk.Folder?.MarkUnpopulated();
                return;
            }

            var now = CgroupTree.Members(cgroup);
            if (HasOthers(now, root.Pid, targets, spared))
            {
                var killedBefore = targets.Count;
                if (members is null)
                {
                    // Not seeded before: the others (and their descendants outside the cgroup) are targets too.
                    foreach (var (pid, pidfd) in OpenChildTargets(root, spared, now, out _))
                    {
                        if (pid == root.Pid || targets.Exists(t => t.Pid == pid))
                        {
                            Syscalls.CloseQuietly(pidfd);
                            continue;
                        }

                        _ = Syscalls.PidfdSendSignal(pidfd, SignalNumbers.Kill);
                        targets.Add((pid, pidfd));
                    }
                }

                if (!spared.Overlaps(now))
                {
                    KillCgroup(cgroup, walk.Folder);
                }

                await WaitDeadAsync(Task.CompletedTask, targets, killedBefore, deadline, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits, until <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp; none: no limit), for <paramref name="exited"/> and the targets from <paramref name="from"/> on to die.</summary>
    private static async ValueTask WaitDeadAsync(Task exited, List<(int Pid, int Pidfd)> targets, int from, long? deadline, CancellationToken cancellationToken)
    {
        var all = targets.Count == from ? exited : Task.WhenAll(targets.Skip(from).Select(t => ExitedOf(t.Pidfd, deadline)).Append(exited));
        if (all.IsCompleted)
        {
            return;
        }

        var left = deadline is { } end ? Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end) : Timeout.InfiniteTimeSpan;
        try
        {
            await all.WaitAsync(deadline is null || left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>Completes when the process behind <paramref name="pidfd"/> has exited: on the watcher's thread, or, where the kernel refuses to watch one more fd, by asking the pidfd every few milliseconds until the deadline.</summary>
    private static Task ExitedOf(int pidfd, long? deadline)
    {
        try
        {
            return PidfdWaiter.Watch(pidfd).Exited;
        }
        catch (WttException)
        {
            return PollExitedAsync(pidfd, deadline);
        }

        static async Task PollExitedAsync(int pidfd, long? deadline)
        {
            // The pidfd stays open until the wait ends (KillAsync releases it after), so its number names this process throughout.
            while (!Syscalls.PollReadable(pidfd) && (deadline is not { } end || Stopwatch.GetTimestamp() < end))
            {
                await Task.Delay(ExitPoll).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One walk of <c>/proc</c> (and its index by parent and by pid) serves every tree kill that starts within
    /// <see cref="SnapshotReuse"/> of it, so a terminate of N members walks <c>/proc</c> about once instead of N times.
    /// A child forked in that window is still caught by the cgroup kill (it inherits its parent's cgroup) or the
    /// process-group kill; each target's start time is checked again through its pidfd before it is killed, so a
    /// stale entry never hits a stranger.
    /// </summary>
    private static Snapshot RecentSnapshot()
    {
        lock (SnapshotGate)
        {
            if (recentSnapshot is { } recent && Stopwatch.GetElapsedTime(recent.Taken) < SnapshotReuse)
            {
                return recent.Procs;
            }

            var procs = new Snapshot(ProcStat.Snapshot());
            recentSnapshot = (Stopwatch.GetTimestamp(), procs);
            return procs;
        }
    }

    /// <summary>Writes <c>cgroup.kill</c>, after telling the owner of the folder that it was written to.</summary>
    private static void KillCgroup(string cgroup, FolderUse? folder)
    {
        folder?.MarkKilled();
        _ = CgroupTree.Kill(cgroup);
    }

    /// <summary>Gets whether a cgroup's members hold a process other than the root and the targets (spared ones aside).</summary>
    private static bool HasOthers(List<int> members, int root, List<(int Pid, int Pidfd)> targets, HashSet<int> spared)
        => members.Exists(pid => pid != root && !spared.Contains(pid) && !targets.Exists(t => t.Pid == pid));

    /// <summary>Gets whether a spared process (this one or an ancestor) is in the process group or session <paramref name="id"/>.</summary>
    private static bool SharesGroup(int id, HashSet<int> spared)
        => spared.Any(pid => ProcStat.TryRead(pid, out var stat) && (stat.ProcessGroup == id || stat.Session == id));

    private static List<(int Pid, int Pidfd)> OpenTargets(Root root, HashSet<int> spared, List<int>? cgroupMembers, out bool recycled)
    {
        var snapshot = RecentSnapshot();
        var all = snapshot.Stats;
        var byParent = snapshot.ByParent;
        var startTimes = snapshot.StartTimes;
        var found = new HashSet<int>();
        var queue = new Queue<int>();

        void Seed(int pid)
        {
            if (pid > 1 && !spared.Contains(pid) && found.Add(pid))
            {
                queue.Enqueue(pid);
            }
        }

        // A pid in use by another process means the root was reaped and its number recycled: then its group
        // and session are gone too (the kernel never hands out a number still used as a group or session id),
        // and processes with that group id belong to the stranger.
        recycled = startTimes.TryGetValue(root.Pid, out var rootStart) && rootStart != root.StartTime;
        if (!recycled)
        {
            Seed(root.Pid);
            if (root.OwnGroup || root.OwnSession)
            {
                foreach (var s in all)
                {
                    if ((root.OwnGroup && s.ProcessGroup == root.Pid) || (root.OwnSession && s.Session == root.Pid))
                    {
                        Seed(s.Pid);
                    }
                }
            }
        }

        foreach (var pid in cgroupMembers ?? [])
        {
            Seed(pid);
        }

        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in byParent[pid])
            {
                Seed(child.Pid);
            }
        }

        var targets = new List<(int Pid, int Pidfd)>(found.Count);
        foreach (var pid in found)
        {
            if (pid == root.Pid && root.Pidfd >= 0)
            {
                continue; // signalled through its own pidfd, reaped by its own watcher (a reaped root's number may name another)
            }

            var pidfd = Syscalls.PidfdOpen(pid);
            if (pidfd < 0)
            {
                continue; // gone already
            }

            // The pidfd pins the process; if its start time differs, the pid was recycled after the walk.
            if (ProcStat.TryRead(pid, out var now) && startTimes.TryGetValue(pid, out var then) && now.StartTime == then)
            {
                targets.Add((pid, pidfd));
            }
            else
            {
                Syscalls.CloseQuietly(pidfd);
            }
        }

        return targets;
    }

    /// <summary>
    /// The descendants of a root without a process group or session of its own, found through the kernel's list of
    /// each thread's children (<c>/proc/PID/task/TID/children</c>) from the root and the members of its cgroup: a few
    /// reads per process of the tree instead of a read of every process on the machine. Each one found is opened as a
    /// pidfd and kept only if, read again through the pinned pid, it still has the parent it was listed under (a
    /// cgroup member: is still listed in the cgroup), so a pid recycled meanwhile is never killed.
    /// </summary>
    private static List<(int Pid, int Pidfd)> OpenChildTargets(Root root, HashSet<int> spared, List<int>? cgroupMembers, out bool recycled)
    {
        recycled = ProcStat.TryReadThread(root.Pid, root.Pid, out var rootNow, out _) && rootNow.StartTime != root.StartTime;
        var found = new Dictionary<int, int>(); // pid -> the parent it was listed under; 0 for a cgroup member
        var queue = new Queue<int>();
        var children = new List<int>();

        void Seed(int pid, int parent)
        {
            if (pid > 1 && !spared.Contains(pid) && found.TryAdd(pid, parent))
            {
                queue.Enqueue(pid);
            }
        }

        if (!recycled)
        {
            Seed(root.Pid, root.Pid);
        }

        foreach (var pid in cgroupMembers ?? [])
        {
            Seed(pid, 0);
        }

        while (queue.TryDequeue(out var pid))
        {
            children.Clear();
            _ = ReadChildren(pid, pid == root.Pid && !recycled && rootNow.Threads == 1, children);
            foreach (var child in children)
            {
                Seed(child, pid);
            }
        }

        var targets = new List<(int Pid, int Pidfd)>(found.Count);
        List<int>? membersNow = null;
        foreach (var (pid, parent) in found)
        {
            if (pid == root.Pid && root.Pidfd >= 0)
            {
                continue; // signalled through its own pidfd, reaped by its own watcher (a reaped root's number may name another)
            }

            var pidfd = Syscalls.PidfdOpen(pid);
            if (pidfd < 0)
            {
                continue; // gone already
            }

            var same = parent == 0
                ? (membersNow ??= CgroupTree.Members(root.Cgroup!)).Contains(pid)
                : ProcStat.TryRead(pid, out var now) && now.ParentPid == parent;
            if (same)
            {
                targets.Add((pid, pidfd));
            }
            else
            {
                Syscalls.CloseQuietly(pidfd);
            }
        }

        return targets;
    }

    /// <summary>Adds the children of every thread of <paramref name="pid"/> (none when it is gone).</summary>
    /// <returns><see langword="false"/> when a thread's children, or the list of threads, could not be read (the process or a thread ended meanwhile).</returns>
    internal static bool ReadChildren(int pid, bool singleThreaded, List<int> into)
    {
        if (singleThreaded)
        {
            return SmallFile.TryReadNumbers($"/proc/{pid}/task/{pid}/children", into);
        }

        try
        {
            var all = true;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                all &= SmallFile.TryReadNumbers(Path.Combine(task, "children"), into);
            }

            return all;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // the process ended while its threads were listed
        }
    }

    /// <summary>
    /// Tells, right after a process was moved into its cgroup, whether it has no child: then every descendant it will
    /// have is born in the cgroup. A child forked before the move is listed here (a fork and a move exclude each other in
    /// the kernel), and one that already died left its own children to the subreaper, where no walk from the process
    /// finds them either.
    /// </summary>
    /// <param name="pid">The process, not yet reaped.</param>
    /// <returns><see langword="false"/> when it has a child, or when its threads' children cannot all be read.</returns>
    internal static bool HasNoChildren(int pid)
    {
        var children = new List<int>();
        return ChildrenFilesSupported && ReadChildren(pid, singleThreaded: false, children) && children.Count == 0;
    }

    /// <summary>Gets whether this kernel lists a thread's children (<c>CONFIG_PROC_CHILDREN</c>).</summary>
    internal static bool ChildrenFilesSupported { get; } = OperatingSystem.IsLinux() && File.Exists($"/proc/self/task/{Environment.ProcessId}/children");

    /// <summary>A walk of <c>/proc</c> with its indexes, built once and shared by the kills that reuse it.</summary>
    private sealed class Snapshot(List<ProcStat> stats)
    {
        public List<ProcStat> Stats { get; } = stats;

        public ILookup<int, ProcStat> ByParent { get; } = stats.ToLookup(s => s.ParentPid);

        public Dictionary<int, long> StartTimes { get; } = stats.ToDictionary(s => s.Pid, s => s.StartTime);
    }

    /// <summary>What a walk of a tree found, before anything is signalled.</summary>
    /// <param name="Root">The process at the top of the tree.</param>
    /// <param name="Spared">This process and its ancestors, never signalled.</param>
    /// <param name="Members">The root's cgroup's members read before the walk, when they seeded it.</param>
    /// <param name="Targets">The descendants found, each with its pidfd (closed after the kill).</param>
    /// <param name="Recycled">Whether the root's pid was found in use by another process.</param>
    /// <param name="Folder">What the kill tells the owner of the root's cgroup folder, if any.</param>
    internal sealed record TreeWalk(Root Root, HashSet<int> Spared, List<int>? Members, List<(int Pid, int Pidfd)> Targets, bool Recycled, FolderUse? Folder);

    /// <summary>What one tree kill did with the root's cgroup folder, for the folder's owner once the kill ended.</summary>
    internal sealed class FolderUse
    {
        private volatile bool killed;
        private volatile bool unpopulated;

        /// <summary>
        /// Gets a value indicating whether <c>cgroup.kill</c> was written to the folder (set before the write, so also when
        /// the kill then failed or was cancelled): a folder it was never written to may take another process once empty.
        /// </summary>
        public bool Killed => killed;

        /// <summary>Gets a value indicating whether the folder held no process, in it or below, once the tree died.</summary>
        /// <remarks>Only Wtt starts processes into its folders: one found unpopulated stays so until it is handed on.</remarks>
        public bool Unpopulated => unpopulated;

        internal void MarkKilled() => killed = true;

        internal void MarkUnpopulated() => unpopulated = true;
    }

    /// <summary>The process at the top of a tree.</summary>
    /// <param name="Pid">Its pid.</param>
    /// <param name="StartTime">Its start time.</param>
    /// <param name="Pidfd">Its pidfd, or -1.</param>
    /// <param name="Cgroup">Its cgroup folder, if any.</param>
    /// <param name="OwnGroup">Whether it leads its own process group.</param>
    /// <param name="OwnSession">Whether it leads its own session.</param>
    /// <param name="Exited">Completes when it has exited (and was reaped by its owner).</param>
    /// <param name="CgroupHoldsTree">
    /// Whether every descendant it ever had is in <paramref name="Cgroup"/>: it was started inside it (clone3's
    /// <c>CLONE_INTO_CGROUP</c>), or moved there before it had a child (<see cref="HasNoChildren"/> right after the move),
    /// so each of its descendants was born there.
    /// </param>
    internal readonly record struct Root(int Pid, long StartTime, int Pidfd, string? Cgroup, bool OwnGroup, bool OwnSession, Task Exited, bool CgroupHoldsTree = false);
}
