// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Wtt.Core;

/// <summary>
/// Reaps the orphans that the child subreaper setting re-parents to the launching process when they
/// exit by themselves (a tree kill reaps its own). Without it they would stay zombies for the life of
/// the launcher's process, since the .NET runtime reaps only the children it started.
/// </summary>
/// <remarks>
/// <para>
/// A zombie child of this process is reaped only when it is provably an orphan of a launched tree:
/// it is not a launched process itself (those are reaped by their own watcher, which needs the exit
/// status), and it lies in the launcher's cgroup parent or in the process group or session of a
/// launched process that has its own. So a child started through <see cref="System.Diagnostics.Process"/>,
/// which the runtime must reap itself, is never touched. An orphan of a launched process that has
/// neither a cgroup nor its own group or session cannot be told apart and stays a zombie until
/// the launching process exits; launch with a new process group to avoid that.
/// </para>
/// <para>
/// Scans run after SIGCHLD, at most once per <see cref="ScanInterval"/> (OS scheduling, not observable
/// time, so not through a <see cref="TimeProvider"/>), and only while some tree may have orphans (a launched
/// process's cgroup folder exists, or a launched group or session is in use). A scan reads this process's children
/// only, unless a launched group or session is in use (then it walks every process on the machine, which tells when
/// nobody uses that group any more) or the kernel keeps no children lists.
/// </para>
/// </remarks>
internal static partial class OrphanReaper
{
    /// <summary>The shortest time between two scans of /proc.</summary>
    public static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(1);

    private static readonly Lock ScanGate = new();
    private static readonly ReaderWriterLockSlim StartGate = new(LockRecursionPolicy.NoRecursion);
    private static readonly ConcurrentDictionary<int, byte> Roots = new();
    private static readonly ConcurrentDictionary<int, long> Groups = new(); // leader -> when tracked (Stopwatch ticks)
    private static readonly ConcurrentDictionary<string, byte> Cgroups = new(StringComparer.Ordinal);
    private static PosixSignalRegistration? registration;
    private static string? cgroupParent;
    private static int scanPending;
    private static TaskCompletionSource nextScan = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes after the next scan (for tests).</summary>
    internal static Task NextScan => Volatile.Read(ref nextScan).Task;

    /// <summary>Starts reaping orphans: registers for SIGCHLD (once per process).</summary>
    /// <param name="parent">The launcher's cgroup parent folder, if it uses cgroups.</param>
    public static void Enable(string? parent)
    {
        if (parent is not null)
        {
            cgroupParent = parent;
        }

        if (registration is null && OperatingSystem.IsLinux())
        {
            var created = PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => ScheduleScan());
            if (Interlocked.CompareExchange(ref registration, created, null) is not null)
            {
                created.Dispose();
            }
        }
    }

    /// <summary>
    /// Holds back the reaping of a scan while a process is being started: a process started into its cgroup is in the
    /// launcher's cgroup parent from its first instruction, before <see cref="TrackRoot"/> marks it, and a scan must not
    /// take its exit for an orphan's. Starts run side by side; only a scan's reaping waits for them.
    /// </summary>
    public static void BeginStart() => StartGate.EnterReadLock();

    /// <summary>Ends what <see cref="BeginStart"/> began, after <see cref="TrackRoot"/> (or a failed start).</summary>
    public static void EndStart() => StartGate.ExitReadLock();

    /// <summary>Marks a launched process, which its own watcher reaps, until it has been reaped.</summary>
    public static void TrackRoot(int pid) => Roots[pid] = 0;

    /// <summary>Forgets a launched process once it has been reaped.</summary>
    public static void UntrackRoot(int pid) => Roots.TryRemove(pid, out _);

    /// <summary>Marks a process group or session led by a launched process as a place where its orphans live.</summary>
    public static void TrackGroup(int leader) => Groups[leader] = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Marks the cgroup folder of a launched process: its orphans live in it.</summary>
    public static void TrackCgroup(string folder) => Cgroups[folder] = 0;

    /// <summary>Marks a cgroup folder whose launched process has exited: removed once the last process in it is gone.</summary>
    public static void CgroupOutlivedRoot(string folder) => Cgroups[folder] = 1;

    /// <summary>Forgets a cgroup folder that was removed.</summary>
    public static void UntrackCgroup(string folder) => Cgroups.TryRemove(folder, out _);

    private static void ScheduleScan()
    {
        if ((Groups.IsEmpty && Cgroups.IsEmpty) || Interlocked.Exchange(ref scanPending, 1) == 1)
        {
            return;
        }

        _ = Task.Delay(ScanInterval).ContinueWith(_ => Scan(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }
}
