// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>Waiting for a change of the table or for an event of a row.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    /// <summary>How long, in milliseconds, an event thread sleeps at most before it checks its row and its cancellation again.</summary>
    internal const int EventThreadBackstopMilliseconds = 1000;

    /// <summary>The threads of this instance in <see cref="WaitForEventOnThisThread"/>: the disposal wakes them.</summary>
    private int _eventThreads;

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
    /// <paramref name="cancellationToken"/> is cancelled. The thread sleeps on the table's change counter itself and counts
    /// among the table's waiters meanwhile, so the writer that posts the event wakes it directly: an event then reaches a
    /// receiver with a thread of its own (<see cref="Events.TableEventBus.Receive"/>) without a hand-off from the watch
    /// thread to the thread pool. Linux only (<see cref="Futex.IsSupported"/>); elsewhere use <see cref="WaitForEventAsync"/>.
    /// </summary>
    /// <param name="handle">The row, from <see cref="GetHandle"/>.</param>
    /// <param name="observed">The sequence the caller has dealt with.</param>
    /// <param name="cancellationToken">Ends the wait; its registration must call <see cref="WakeEventThreads"/>.</param>
    /// <param name="backstopMilliseconds">The longest sleep before the next check; <see cref="Timeout.Infinite"/> (tests) relies on the wakes alone.</param>
    /// <returns>The new sequence, or <paramref name="observed"/> when cancelled.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/> (the row was removed), <see cref="WttErrorCode.Closed"/> (the table was disposed).</exception>
    internal long WaitForEventOnThisThread(RowHandle handle, long observed, CancellationToken cancellationToken, int backstopMilliseconds = EventThreadBackstopMilliseconds)
    {
        using var lease = Lease();
        var word = _watcher.Word;
        Interlocked.Increment(ref _eventThreads);
        Interlocked.Increment(ref _header->Waiters);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // The counter first: a post after this read changes it, so the sleep below returns at once.
                var seen = Volatile.Read(ref *word);
                var now = ReadEventSequence(handle);
                if (now != observed)
                {
                    return now;
                }

                Futex.Wait(word, seen, backstopMilliseconds);
            }

            return observed;
        }
        finally
        {
            Interlocked.Decrement(ref _header->Waiters);
            Interlocked.Decrement(ref _eventThreads);
        }
    }

    /// <summary>
    /// Moves the change counter and wakes the threads that sleep on it, so a thread in <see cref="WaitForEventOnThisThread"/>
    /// sees its cancellation; every other sleeper of the table checks its condition once more and sleeps again.
    /// </summary>
    internal void WakeEventThreads()
    {
        try
        {
            using var lease = Lease();
            BumpChange();
        }
        catch (WttException)
        {
            // Disposed: the disposal moved the counter and woke the event threads, which end with Closed.
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
