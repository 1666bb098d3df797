// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Launching.Native;

namespace Wtt.Core;

/// <summary>
/// The deferred creation of one process's cgroup folder (or the use of an idle one of <see cref="CgroupFolderPool"/>)
/// and its move into it: queued to the <see cref="CgroupMover"/> when a timer fires,
/// <see cref="ProcessLauncherOptions.CgroupPlacementDelay"/> after the start, unless the process exited first (then no
/// folder is made or removed, an idle one goes back to the pool, and no thread wakes up for short-lived processes, so the
/// start and the exit cost no cgroup syscall). A tree kill expedites it.
/// </summary>
/// <remarks>The delay is OS scheduling, not observable time, so it runs on <see cref="TimeProvider.System"/>.</remarks>
internal sealed class CgroupPlacement
{
    private const int Scheduled = 0;
    private const int Queued = 1;
    private const int Cancelled = 2;

    private readonly Lock _gate = new();
    private readonly string _cgroup;
    private readonly int _pid;
    private readonly int _pidfd; // a duplicate owned here
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _timer;
    private readonly bool _pooled;
    private int _state;
    private bool _exited;
    private bool _folderMade;

    private CgroupPlacement(string cgroup, bool pooled, int pid, int pidfd, TimeSpan delay, TimeProvider time)
    {
        _cgroup = cgroup;
        _pooled = pooled;
        _pid = pid;
        _pidfd = pidfd;

        // Started once it is assigned: a timer that fired before (a short delay, a thread preempted under load) found no
        // timer to dispose, and its exception in the timer callback ended the process.
        _timer = time.CreateTimer(static s => ((CgroupPlacement)s!).Expedite(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ = _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets a task that completes when the process is in its cgroup (<see langword="true"/>) or never will be.</summary>
    public Task<bool> Done => _done.Task;

    /// <summary>
    /// Gets a value indicating whether the process had no child right after its move
    /// (<see cref="TreeKiller.HasNoChildren"/>), so its cgroup holds every descendant it ever has; read once
    /// <see cref="Done"/> completed.
    /// </summary>
    public bool HeldNoChild { get; private set; }

    /// <summary>Schedules the creation of the folder and the move of a process into it.</summary>
    /// <param name="cgroup">The folder to make.</param>
    /// <param name="pid">The process.</param>
    /// <param name="pidfd">Its pidfd, duplicated here.</param>
    /// <param name="delay">How long after now the move is queued.</param>
    /// <param name="time">The clock of the delay; <see cref="TimeProvider.System"/> but in tests.</param>
    /// <param name="pooled">
    /// Whether the folder is an idle one of <see cref="CgroupFolderPool"/> (it exists): given back to the pool when the
    /// process exits before its move, as no process was in it.
    /// </param>
    /// <returns>The placement.</returns>
    public static CgroupPlacement Schedule(string cgroup, int pid, int pidfd, TimeSpan delay, TimeProvider? time = null, bool pooled = false)
        => new(cgroup, pooled, pid, LibC.fcntl(pidfd, LibC.F_DUPFD_CLOEXEC, 0), delay, time ?? TimeProvider.System);

    /// <summary>Queues the move now, if it is still scheduled.</summary>
    /// <returns><see cref="Done"/>.</returns>
    public Task<bool> Expedite()
    {
        if (Interlocked.CompareExchange(ref _state, Queued, Scheduled) == Scheduled)
        {
            _timer.Dispose();
            CgroupMover.Enqueue(this);
        }

        return Done;
    }

    /// <summary>Records that the process exited (and was reaped): a move still scheduled is dropped.</summary>
    /// <returns><see langword="true"/> when the folder was made, so the caller removes it.</returns>
    public bool OnExit()
    {
        lock (_gate)
        {
            _exited = true;
            if (Interlocked.CompareExchange(ref _state, Cancelled, Scheduled) == Scheduled)
            {
                _timer.Dispose();
                Syscalls.CloseQuietly(_pidfd);
                GiveBackUnused();
                _ = _done.TrySetResult(false);
            }

            return _folderMade;
        }
    }

    /// <summary>
    /// Gives an idle folder of the pool that no process went into back to the pool (no system call; removed on the pool
    /// when the pool is full); a new folder's path is left alone, as it was never made.
    /// </summary>
    private void GiveBackUnused()
    {
        if (_pooled)
        {
            CgroupFolderPool.Return(_cgroup);
        }
    }

    /// <summary>Makes the folder and moves the process into it (on the mover thread), unless it has exited.</summary>
    internal void MoveNow()
    {
        var placed = false;
        lock (_gate)
        {
            if (_exited || _pidfd < 0 || Syscalls.PollReadable(_pidfd))
            {
                GiveBackUnused();
            }
            else if (CgroupTree.TryCreateFolder(_cgroup))
            {
                placed = CgroupTree.TryAdd(_cgroup, _pid);
                if (placed)
                {
                    _folderMade = true;
                    HeldNoChild = TreeKiller.HasNoChildren(_pid);
                    OrphanReaper.TrackCgroup(_cgroup);
                }
                else
                {
                    _ = CgroupTree.TryRemove(_cgroup);
                }
            }
        }

        Syscalls.CloseQuietly(_pidfd);
        _ = _done.TrySetResult(placed);
    }
}
