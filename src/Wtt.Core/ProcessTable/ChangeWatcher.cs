// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core;

/// <summary>
/// The pending waits on one table instance. While it has any, it belongs to a <see cref="TableWatchGroup"/>, whose
/// thread sleeps on the table's change counter (the low 32 bits in the shared mapping, woken by FUTEX_WAKE from writers
/// in any process) together with other tables' counters, and on every wake checks each pending waiter's condition.
/// </summary>
internal sealed unsafe class ChangeWatcher : IDisposable
{
    /// <summary>How long, in milliseconds, a table with no pending wait stays with its watch thread.</summary>
    internal const long IdleLinger = 2000;

    /// <summary>How many pending waits of this instance a writer of this instance checks itself (see <see cref="CheckOnWrite"/>).</summary>
    internal const int WriterChecks = 4;

    private readonly SharedMemoryProcessTable _table;
    private readonly int* _word;
    private readonly int* _waiters;
    private readonly Lock _gate = new();
    private readonly List<Waiter> _pending = [];
    private bool _attached;
    private bool _inGroup;
    private bool _idle;
    private bool _counted;
    private long _idleSince;
    private volatile bool _disposed;

    public ChangeWatcher(SharedMemoryProcessTable table, long* changeCounter, int* waiters)
    {
        _table = table;
        _word = (int*)changeCounter; // Little-endian: the low half comes first.
        _waiters = waiters;
    }

    /// <summary>Gets the 32-bit word a watch thread sleeps on.</summary>
    internal int* Word => _word;

    /// <summary>Gets a value indicating whether the table is disposed (its memory must not be read).</summary>
    internal bool IsDisposed => _disposed;

    /// <summary>Wakes every thread that sleeps on the change counter, in any process.</summary>
    public void WakeAll()
    {
        if (Futex.IsSupported)
        {
            Futex.WakeAll(_word);
        }
    }

    /// <summary>Adds a waiter; the watch thread checks it at once and on every change.</summary>
    /// <param name="waiter">The waiter.</param>
    public void Register(Waiter waiter)
    {
        var attach = false;
        lock (_gate)
        {
            if (_disposed)
            {
                waiter.Fail(new WttException(WttErrorCode.Closed, "The process table was disposed; open it again to wait."));
                return;
            }

            _pending.Add(waiter);
            _idleSince = 0;
            _idle = false;
            SyncCount();
            if (!_attached)
            {
                _attached = true;
                attach = true;
            }
        }

        if (attach)
        {
            TableWatchGroup.Attach(this);
            return;
        }

        // The watch thread already sleeps on this table and may have checked its waiters after the caller's own
        // check of the condition but before this waiter was added: check it once here, so a change made in
        // between is not left to the next change. A change made after the add wakes the thread, which sees it.
        if (waiter.Check(_table))
        {
            Unregister(waiter);
        }
    }

    /// <summary>
    /// Called by a writer of this table instance right after it moved the change counter: checks this instance's
    /// pending waits on the writer's thread when there are at most <see cref="WriterChecks"/>, so a wait in this process
    /// wakes without its watch thread waking first. When none is left pending, the instance stops counting among the
    /// table's waiters at once, so the writer wakes no thread for it (the watch thread lingers asleep, as after its own
    /// check). Waiters' conditions are cheap reads of the table that take no lock; their tasks continue on the pool.
    /// </summary>
    internal void CheckOnWrite()
    {
        var snapshot = default(WriterSnapshot);
        int count;
        lock (_gate)
        {
            count = _pending.Count;
            if (count == 0 || count > WriterChecks || !_counted || _disposed)
            {
                return;
            }

            for (var i = 0; i < count; i++)
            {
                snapshot[i] = _pending[i];
            }
        }

        var done = 0;
        for (var i = 0; i < count; i++)
        {
            if (snapshot[i]!.Check(_table))
            {
                done++;
            }
        }

        if (done == 0)
        {
            return;
        }

        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                if (snapshot[i]!.IsOver)
                {
                    _ = _pending.Remove(snapshot[i]!);
                }
            }

            if (_pending.Count == 0 && !_disposed)
            {
                _ = MarkIdle();
            }
        }
    }

    /// <summary>Removes a waiter that ended by itself (timeout, cancellation).</summary>
    /// <param name="waiter">The waiter.</param>
    public void Unregister(Waiter waiter)
    {
        lock (_gate)
        {
            _pending.Remove(waiter);
        }
    }

    /// <summary>Leaves the watch thread and fails the waits still pending.</summary>
    public void Dispose()
    {
        Waiter[] left;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            left = [.. _pending];
            _pending.Clear();
        }

        TableWatchGroup.Detach(this);
        foreach (var waiter in left)
        {
            waiter.Fail(new WttException(WttErrorCode.Closed, "The process table was disposed while a wait was pending."));
        }
    }

    /// <summary>
    /// Counts the watch thread in or out of the table's waiters, which writers read to know whether to wake: in while
    /// the table is in a watch group and has pending waits; a table lingering with none is not counted, so writers do
    /// not wake a thread that has nothing to check.
    /// </summary>
    /// <param name="delta">+1 when the table joins a group, -1 when it leaves.</param>
    internal void CountWaiter(int delta)
    {
        lock (_gate)
        {
            _inGroup = delta > 0;
            SyncCount();
        }
    }

    /// <summary>Brings the table's waiter count in line with the state; called under the gate.</summary>
    private void SyncCount()
    {
        var counted = _inGroup && !_idle;
        if (counted != _counted)
        {
            _counted = counted;
            Interlocked.Add(ref *_waiters, counted ? 1 : -1);
        }
    }

    /// <summary>Completes every waiter whose condition holds; called by the watch thread.</summary>
    /// <returns><see langword="true"/> while waiters remain; <see langword="false"/> detaches the table.</returns>
    internal bool CheckAll()
    {
        Waiter[] snapshot;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return StayIdle();
            }

            snapshot = [.. _pending];
        }

        var done = 0;
        foreach (var waiter in snapshot)
        {
            if (waiter.Check(_table))
            {
                done++;
            }
        }

        // The completed waiters leave under the same lock that marks the instance idle when none is left: a writer's
        // CheckOnWrite that finds no pending wait then also finds the instance no longer counted among the waiters.
        lock (_gate)
        {
            if (done != 0)
            {
                foreach (var waiter in snapshot)
                {
                    if (waiter.IsOver)
                    {
                        _ = _pending.Remove(waiter);
                    }
                }
            }

            if (_disposed)
            {
                _attached = false;
                return false;
            }

            return _pending.Count != 0 || StayIdle();
        }
    }

    /// <summary>
    /// Keeps a table with no pending wait attached for <see cref="IdleLinger"/>: a loop that waits again right after
    /// each wake (an event receiver, a wait per process) then neither leaves and rejoins the watch thread nor starts
    /// a new one per wait. Called under the gate.
    /// </summary>
    /// <returns><see langword="true"/> to stay attached.</returns>
    private bool StayIdle()
    {
        if (Environment.TickCount64 - MarkIdle() < IdleLinger && !_disposed)
        {
            return true;
        }

        _attached = false;
        return false;
    }

    /// <summary>Stops counting the instance among the table's waiters while it has no pending wait; called under the gate.</summary>
    /// <returns>Since when it has had none.</returns>
    private long MarkIdle()
    {
        if (_idleSince == 0)
        {
            _idleSince = Environment.TickCount64;
        }

        _idle = true;
        SyncCount();
        return _idleSince;
    }

    /// <summary>Room for the pending waits a writer checks, without an allocation.</summary>
    [System.Runtime.CompilerServices.InlineArray(WriterChecks)]
    private struct WriterSnapshot
    {
        private Waiter? _first;
    }

    /// <summary>A pending wait: a condition on the table and the task that completes when it holds.</summary>
    /// <param name="condition">Returns the value to complete with when the condition holds, or null; may throw.</param>
    internal sealed class Waiter(Func<SharedMemoryProcessTable, long?> condition)
    {
        private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _over;

        /// <summary>Gets the task that completes with the value.</summary>
        public Task<long> Task => _completion.Task;

        /// <summary>
        /// Gets a value indicating whether the wait is over: a check found its condition true (or failing), or it ended
        /// by itself. True as soon as a check saw it end, even while another thread's check is still completing the
        /// task.
        /// </summary>
        public bool IsOver => _over || _completion.Task.IsCompleted;

        /// <summary>Checks the condition and completes the task when it holds.</summary>
        /// <param name="table">The table.</param>
        /// <returns><see langword="true"/> when the wait is over (see <see cref="IsOver"/>).</returns>
        public bool Check(SharedMemoryProcessTable table)
        {
            if (IsOver)
            {
                return true;
            }

            try
            {
                if (condition(table) is not { } value)
                {
                    return false;
                }

                // The writer's check and the watch thread's may run at once: whichever sets the task, both see it over.
                _over = true;
                _ = _completion.TrySetResult(value);
            }
            catch (Exception ex)
            {
                _over = true;
                _ = _completion.TrySetException(ex);
            }

            return true;
        }

        /// <summary>Ends the wait with a value.</summary>
        /// <param name="value">The value.</param>
        public void Complete(long value) => _completion.TrySetResult(value);

        /// <summary>Ends the wait with an error.</summary>
        /// <param name="error">The error.</param>
        public void Fail(Exception error) => _completion.TrySetException(error);

        /// <summary>Ends the wait as cancelled.</summary>
        /// <param name="cancellationToken">The token.</param>
        public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
    }
}
