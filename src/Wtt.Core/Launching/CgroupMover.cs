// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using Wtt.Launching.Native;

namespace Wtt.Launching;

/// <summary>
/// Moves started processes into their cgroups on one background thread. A move (a write of the pid to
/// <c>cgroup.procs</c>) takes the kernel's cgroup-wide thread-group lock and waits for an RCU grace period:
/// 3 to 10 ms on the machines measured, more than the spawn itself. A process that exits before its
/// turn is skipped.
/// </summary>
internal static class CgroupMover
{
    private static readonly BlockingCollection<Move> Queue = StartWorker();

    /// <summary>Queues a move; the pidfd is a duplicate the mover owns and closes.</summary>
    /// <returns>A task that completes when the process is in its cgroup (<see langword="true"/>) or was skipped.</returns>
    public static Task<bool> Enqueue(string cgroup, int pid, int pidfd, TimeSpan delay)
    {
        var due = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var move = new Move(cgroup, pid, pidfd, due, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        Queue.Add(move);
        return move.Done.Task;
    }

    /// <summary>Moves a process now.</summary>
    /// <returns><see langword="true"/> when it is in its cgroup.</returns>
    public static bool MoveNow(string cgroup, int pid) => CgroupTree.TryAdd(cgroup, pid);

    private static BlockingCollection<Move> StartWorker()
    {
        var queue = new BlockingCollection<Move>();
        var thread = new Thread(() =>
        {
            foreach (var move in queue.GetConsumingEnumerable())
            {
                var wait = System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp(), move.Due);
                if (wait > TimeSpan.Zero && !move.Done.Task.IsCompleted)
                {
                    _ = WaitReadable(move.Pidfd, wait);
                }

                var placed = !Syscalls.PollReadable(move.Pidfd) && CgroupTree.TryAdd(move.Cgroup, move.Pid);
                Syscalls.CloseQuietly(move.Pidfd);
                _ = move.Done.TrySetResult(placed);
            }
        })
        {
            IsBackground = true,
            Name = "Wtt cgroup mover",
        };
        thread.Start();
        return queue;
    }

    private static unsafe bool WaitReadable(int fd, TimeSpan timeout)
    {
        var entry = new LibC.PollFd { Fd = fd, Events = LibC.POLLIN };
        return LibC.poll(&entry, 1, (int)Math.Ceiling(timeout.TotalMilliseconds)) > 0;
    }

    private sealed record Move(string Cgroup, int Pid, int Pidfd, long Due, TaskCompletionSource<bool> Done);
}
