// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <summary>
/// Brings every row of a machine's table to its end, even when the engine that launched the process is gone
/// (killed or restarted): a process that dies with nobody to reap it and record its exit would otherwise stay
/// Running for ever, and so would every wait on it.
/// </summary>
/// <remarks>
/// <para>
/// Rows this engine launched itself are left to it (it records the exit code once the output drained). Every other
/// local row that has not ended is watched: on Linux through a pidfd polled by the shared poll thread (the event-driven
/// path), and by a sweep every <see cref="LocalWttMachineOptions.SweepInterval"/> that catches new rows, rows that
/// could not be watched, and other platforms. A process is gone when its pid is dead, a zombie, or reused by a process
/// with another start time.
/// </para>
/// <para>
/// A gone process's row is ended at once when its launcher (its parent when it was first watched) is gone too;
/// otherwise only after <see cref="LocalWttMachineOptions.EndGrace"/>, which gives a live launcher the time to drain the
/// output and record the real exit code first. The row ends as <see cref="ProcessStatus.NotActive"/> with no exit code
/// (or <see cref="ProcessStatus.Exited"/> when a code was recorded), which wakes every wait on the table.
/// A restarted launcher thereby adopts the rows of live processes (it watches them to their end, without their output,
/// whose pipes died with the old launcher) and ends those of dead ones, at open through <see cref="SharedMemoryProcessTable.Reconcile"/>.
/// </para>
/// </remarks>
internal sealed partial class TableSweeper : IDisposable
{
    private readonly SharedMemoryProcessTable table;
    private readonly Func<WttProcessId, bool> launchedHere;
    private readonly TimeSpan grace;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<WttProcessId, Watch> watched = new();
    private readonly ConcurrentDictionary<WttProcessId, DateTimeOffset> goneSince = new();
    private readonly Lock sweeping = new();
    private readonly ITimer timer;
    private volatile bool disposed;

    private TableSweeper(SharedMemoryProcessTable table, Func<WttProcessId, bool> launchedHere, TimeSpan interval, TimeSpan grace, TimeProvider time)
    {
        this.table = table;
        this.launchedHere = launchedHere;
        this.grace = grace;
        this.time = time;
        timer = time.CreateTimer(static s => ((TableSweeper)s!).SweepOnTimer(), this, Timeout.InfiniteTimeSpan, interval);
    }

    /// <summary>Starts sweeping: once now, then every <paramref name="interval"/>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="launchedHere">Tells the rows whose process this engine launched and records itself.</param>
    /// <param name="interval">The period of the fallback sweep.</param>
    /// <param name="grace">How long a gone process's row is left to a launcher that may still be alive.</param>
    /// <param name="time">The clock.</param>
    /// <returns>The sweeper.</returns>
    public static TableSweeper Start(SharedMemoryProcessTable table, Func<WttProcessId, bool> launchedHere, TimeSpan interval, TimeSpan grace, TimeProvider time)
    {
        var sweeper = new TableSweeper(table, launchedHere, interval, grace, time);
        sweeper.Sweep();
        _ = sweeper.timer.Change(interval, interval);
        return sweeper;
    }

    /// <summary>Looks at every local row that has not ended, once.</summary>
    public void Sweep()
    {
        lock (sweeping)
        {
            if (disposed)
            {
                return;
            }

            var now = time.GetUtcNow();
            var open = new HashSet<WttProcessId>();
            List<ProcessRecord> rows;
            try
            {
                rows = table.List().ToList();
            }
            catch (WttException ex) when (ex.ErrorCode == WttErrorCode.Closed)
            {
                return; // The table was disposed before its sweeper.
            }

            foreach (var row in rows)
            {
                if (row.Machine is not null || row.Pid == 0 || row.Status.IsEnded() || launchedHere(row.Id))
                {
                    continue;
                }

                _ = open.Add(row.Id);
                if (ProcessLiveness.IsAlive(row.Pid, row.ProcessStartTime))
                {
                    _ = goneSince.TryRemove(row.Id, out _);
                    StartWatching(row);
                }
                else if (watched.TryGetValue(row.Id, out var watch) && !watch.LauncherAlive())
                {
                    End(row);
                }
                else if (now - goneSince.GetOrAdd(row.Id, now) >= grace)
                {
                    End(row);
                }
            }

            Forget(open);
        }
    }

    /// <summary>The timer's sweep: an exception in a timer callback would end the process, so a failed sweep (a table disposed mid-sweep, no descriptor left for the watcher) ends quietly and the next one tries again.</summary>
    private void SweepOnTimer()
    {
        try
        {
            Sweep();
        }
#pragma warning disable CA1031 // A timer callback must not throw: the next sweep tries again.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (sweeping)
        {
            disposed = true;
        }

        timer.Dispose();
        foreach (var id in watched.Keys)
        {
            StopWatching(id);
        }
    }

    private void End(ProcessRecord row)
    {
        _ = table.TryEndGone(row);
        _ = goneSince.TryRemove(row.Id, out _);
        StopWatching(row.Id);
    }

    /// <summary>Drops what is kept about rows that ended, left the table, or became this engine's.</summary>
    private void Forget(HashSet<WttProcessId> open)
    {
        foreach (var id in goneSince.Keys.Where(id => !open.Contains(id)))
        {
            _ = goneSince.TryRemove(id, out _);
        }

        foreach (var id in watched.Keys.Where(id => !open.Contains(id)))
        {
            StopWatching(id);
        }
    }
}
