// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>The event-driven path: a pidfd per watched row, polled by the shared poll thread.</content>
internal sealed partial class TableSweeper
{
    private void StartWatching(ProcessRecord row)
    {
        if (!OperatingSystem.IsLinux() || watched.ContainsKey(row.Id))
        {
            return;
        }

        var pidfd = Syscalls.PidfdOpen(row.Pid);
        if (pidfd < 0)
        {
            return; // Gone meanwhile, or not ours to see: the sweep decides.
        }

        // The pid may have been reused between the liveness check and the open: the pidfd must be of the row's process.
        if (!ProcessLiveness.IsAlive(row.Pid, row.ProcessStartTime) || !ProcStat.TryRead(row.Pid, out var stat))
        {
            Syscalls.CloseQuietly(pidfd);
            return;
        }

        var launcher = new Launcher(stat.ParentPid, ProcessLiveness.GetStartTime(stat.ParentPid) ?? 0);
        if (!watched.TryAdd(row.Id, new Watch(pidfd, launcher)))
        {
            Syscalls.CloseQuietly(pidfd);
            return;
        }

        PidfdWaiter waiter;
        try
        {
            waiter = PidfdWaiter.Watch(pidfd);
        }
        catch (WttException)
        {
            // The kernel refused to watch it (out of memory or of epoll watches): the timed sweep decides, as for a pid it cannot open.
            _ = watched.TryRemove(row.Id, out _);
            Syscalls.CloseQuietly(pidfd);
            return;
        }

        _ = waiter.Exited.ContinueWith(_ => OnGone(row, launcher), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The watched process exited: its row ends now when its launcher is gone, else after the grace.</summary>
    private void OnGone(ProcessRecord row, Launcher launcher)
    {
        if (disposed)
        {
            return;
        }

        var now = time.GetUtcNow();
        _ = goneSince.TryAdd(row.Id, now);
        if (!launcher.IsAlive())
        {
            lock (sweeping)
            {
                if (!disposed)
                {
                    End(row);
                }
            }

            return;
        }

        _ = Task.Delay(grace, time).ContinueWith(_ => Sweep(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void StopWatching(WttProcessId id)
    {
        if (OperatingSystem.IsLinux() && watched.TryRemove(id, out var watch))
        {
            FdPoller.Shared.Release(watch.Pidfd);
        }
    }

    /// <summary>The parent of a watched process when it was first watched: normally the engine that launched it.</summary>
    private readonly record struct Launcher(int Pid, long StartTime)
    {
        /// <summary>Tells whether the launcher still runs; pid 1 and the parent of a process that was already an orphan count as alive (nothing is known).</summary>
        public bool IsAlive() => Pid <= 1 || StartTime == 0 || ProcessLiveness.IsAlive(Pid, StartTime);
    }

    private readonly record struct Watch(int Pidfd, Launcher Launcher)
    {
        public bool LauncherAlive() => Launcher.IsAlive();
    }
}
