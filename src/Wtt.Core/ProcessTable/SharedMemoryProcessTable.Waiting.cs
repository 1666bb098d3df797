// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Waiting for a change of the table or for an event of a row.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
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
