// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Launching.Native;

namespace Wtt.Launching;

/// <summary>
/// The deferred move of one process into its cgroup: queued to the <see cref="CgroupMover"/> when a timer
/// fires, <see cref="ProcessLauncherOptions.CgroupPlacementDelay"/> after the start, unless the process exited
/// first (then nothing happens: no thread wakes up for short-lived processes). A tree kill expedites it.
/// </summary>
/// <remarks>The delay is OS scheduling, not observable time, so it runs on <see cref="TimeProvider.System"/>.</remarks>
internal sealed class CgroupPlacement
{
    private const int Scheduled = 0;
    private const int Queued = 1;
    private const int Cancelled = 2;

    private readonly string _cgroup;
    private readonly int _pid;
    private readonly int _pidfd; // a duplicate owned here
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _timer;
    private int _state;

    private CgroupPlacement(string cgroup, int pid, int pidfd, TimeSpan delay)
    {
        _cgroup = cgroup;
        _pid = pid;
        _pidfd = pidfd;
        _timer = TimeProvider.System.CreateTimer(static s => ((CgroupPlacement)s!).Expedite(), this, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets a task that completes when the process is in its cgroup (<see langword="true"/>) or never will be.</summary>
    public Task<bool> Done => _done.Task;

    /// <summary>Schedules the move of a process.</summary>
    /// <returns>The placement.</returns>
    public static CgroupPlacement Schedule(string cgroup, int pid, int pidfd, TimeSpan delay)
        => new(cgroup, pid, LibC.fcntl(pidfd, LibC.F_DUPFD_CLOEXEC, 0), delay);

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

    /// <summary>Drops the move because the process exited.</summary>
    public void Cancel()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Scheduled) == Scheduled)
        {
            _timer.Dispose();
            Syscalls.CloseQuietly(_pidfd);
            _ = _done.TrySetResult(false);
        }
    }

    /// <summary>Moves the process (on the mover thread) unless it has exited.</summary>
    internal void MoveNow()
    {
        var placed = _pidfd >= 0 && !Syscalls.PollReadable(_pidfd) && CgroupTree.TryAdd(_cgroup, _pid);
        Syscalls.CloseQuietly(_pidfd);
        _ = _done.TrySetResult(placed);
    }
}
