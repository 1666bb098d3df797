// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>Waiting for a change of the table or for an event of a row.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    /// <summary>How long, in milliseconds, an event thread sleeps at most before it checks its row and its cancellation again.</summary>
    internal const int EventThreadBackstopMilliseconds = 1000;

    /// <summary>The rows of this instance's threads in <see cref="WaitForEventOnThisThread"/>, once per thread: the disposal wakes them.</summary>
    private readonly List<int> _eventThreadSlots = [];

    /// <inheritdoc/>
    public ValueTask<long> WaitForChangeAsync(long observed, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        WttTimeouts.ValidateTimeout(timeout, nameof(timeout));
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        var current = ChangeCounter;
        if (current != observed || timeout == TimeSpan.Zero)
        {
            return new(current);
        }

        var waiter = new ChangeWatcher.Waiter(table => table.ChangeCounter is var now && now != observed ? now : null);
        return WaitAsync(waiter, observed, timeout, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<long> WaitForEventAsync(WttProcessId id, long observed, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        WttTimeouts.ValidateTimeout(timeout, nameof(timeout));
        var handle = GetHandle(id);
        cancellationToken.ThrowIfCancellationRequested();
        var current = ReadEventSequence(handle);
        if (current != observed || timeout == TimeSpan.Zero)
        {
            return new(current);
        }

        var waiter = new ChangeWatcher.Waiter(table => table.ReadEventSequence(handle) is var now && now != observed ? now : null);
        return WaitAsync(waiter, observed, timeout, cancellationToken);
    }

    /// <summary>
    /// Blocks the calling thread until the row's event sequence differs from <paramref name="observed"/>, or until
    /// <paramref name="cancellationToken"/> is cancelled. The thread sleeps on its row's own word
    /// (<see cref="TableRow.EventWake"/>), which only a post to the row, the row's removal or a wake for this thread
    /// moves, and counts among the row's sleepers meanwhile, so the writer that posts the event wakes it directly: an
    /// event then reaches a receiver with a thread of its own (<see cref="Events.TableEventBus.Receive"/>) without a
    /// hand-off from the watch thread to the thread pool, and no other change of the table (another process's heartbeat,
    /// say) wakes it. Linux only (<see cref="Futex.IsSupported"/>); elsewhere use <see cref="WaitForEventAsync"/>.
    /// </summary>
    /// <param name="handle">The row, from <see cref="GetHandle"/>.</param>
    /// <param name="observed">The sequence the caller has dealt with.</param>
    /// <param name="cancellationToken">Ends the wait; its registration must call <see cref="WakeEventThread"/>.</param>
    /// <param name="backstopMilliseconds">The longest sleep before the next check; <see cref="Timeout.Infinite"/> (tests) relies on the wakes alone.</param>
    /// <returns>The new sequence, or <paramref name="observed"/> when cancelled.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/> (the row was removed), <see cref="WttErrorCode.Closed"/> (the table was disposed).</exception>
    internal long WaitForEventOnThisThread(RowHandle handle, long observed, CancellationToken cancellationToken, int backstopMilliseconds = EventThreadBackstopMilliseconds)
    {
        using var lease = Lease();
        var row = Row(handle.Slot);
        lock (_eventThreadSlots)
        {
            _eventThreadSlots.Add(handle.Slot);
        }

        Interlocked.Increment(ref row->EventSleepers);
        try
        {
            while (true)
            {
                // The word first: whatever moves it after this read (a post, the removal, the cancellation's wake, the
                // disposal's) makes the sleep below return at once, and what moved it before is seen by the checks.
                var seen = Volatile.Read(ref row->EventWake);
                if (cancellationToken.IsCancellationRequested)
                {
                    return observed;
                }

                var now = ReadEventSequence(handle);
                if (now != observed)
                {
                    return now;
                }

                Futex.Wait(&row->EventWake, seen, backstopMilliseconds);
            }
        }
        finally
        {
            // The slot's words outlive the row, so the count is the slot's whoever holds it now.
            Interlocked.Decrement(ref row->EventSleepers);
            lock (_eventThreadSlots)
            {
                _eventThreadSlots.Remove(handle.Slot);
            }
        }
    }

    /// <summary>
    /// Wakes the event thread of a row (<see cref="WaitForEventOnThisThread"/>), so it sees its cancellation; it moves
    /// the row's wake word, so a thread about to sleep does not.
    /// </summary>
    /// <param name="handle">The row the thread waits on.</param>
    internal void WakeEventThread(RowHandle handle)
    {
        try
        {
            using var lease = Lease();
            WakeEventSleepers(Row(handle.Slot));
        }
        catch (WttException)
        {
            // Disposed: the disposal woke the event threads, which end with Closed.
        }
    }

    /// <summary>Wakes this instance's event threads, so they find the table closed and end: the disposal calls it while the view is still mapped.</summary>
    private void WakeOwnEventThreads()
    {
        lock (_eventThreadSlots)
        {
            foreach (var slot in _eventThreadSlots)
            {
                WakeEventSleepers(Row(slot));
            }
        }
    }

    private long ReadEventSequence(RowHandle handle)
    {
        using var lease = Lease();
        if (!Holds(handle.Slot, handle.Id.Value))
        {
            throw WttException.UnknownProcess(handle.Id);
        }

        return Volatile.Read(ref Row(handle.Slot)->EventSequence);
    }

    private ValueTask<long> WaitAsync(ChangeWatcher.Waiter waiter, long observed, TimeSpan timeout, CancellationToken cancellationToken)
        => TableWait.WaitAsync(_watcher, _time, waiter, observed, timeout, cancellationToken);
}
