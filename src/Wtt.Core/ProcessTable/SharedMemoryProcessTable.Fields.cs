// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>Lock-free single-word writes: status, heartbeat, event word; and the row handles of the fast path.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    /// <summary>The offset of <see cref="TableRow.Status"/> in 64-bit words.</summary>
    private const int StatusWord = 88 / sizeof(long);

    /// <summary>The offset of <see cref="TableRow.HeartbeatTicks"/> in 64-bit words.</summary>
    private const int HeartbeatWord = 112 / sizeof(long);

    /// <inheritdoc/>
    public void SetStatus(WttProcessId id, ProcessStatus status)
    {
        using var lease = Lease();
        WriteWord(FindSlotOrThrow(id), id, StatusWord, (long)status);
    }

    /// <inheritdoc/>
    public void StampHeartbeat(WttProcessId id, DateTimeOffset now)
    {
        using var lease = Lease();
        WriteWord(FindSlotOrThrow(id), id, HeartbeatWord, now.UtcTicks);
    }

    /// <summary>Gets a handle on a process's row, for <see cref="StampHeartbeat(RowHandle, DateTimeOffset)"/> without a lookup.</summary>
    /// <param name="id">The process.</param>
    /// <returns>The handle.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>.</exception>
    internal RowHandle GetHandle(WttProcessId id)
    {
        using var lease = Lease();
        return new(id, FindSlotOrThrow(id));
    }

    /// <summary>Stamps a row's heartbeat through a cached handle: one aligned 64-bit write, no lookup, no allocation.</summary>
    /// <param name="handle">The handle from <see cref="GetHandle"/>.</param>
    /// <param name="now">The time of the beat (UTC).</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/> when the row no longer holds the handle's process.</exception>
    internal void StampHeartbeat(RowHandle handle, DateTimeOffset now)
    {
        if ((uint)handle.Slot >= (uint)Capacity)
        {
            throw WttException.UnknownProcess(handle.Id);
        }

        using var lease = Lease();
        WriteWord(handle.Slot, handle.Id, HeartbeatWord, now.UtcTicks);
    }

    /// <inheritdoc/>
    /// <remarks>A disposed table knows nothing: the reader checks its file, as without a table.</remarks>
    long? IDocumentVersions.Read(WttProcessId id)
    {
        if (id.IsNil || Volatile.Read(ref _disposed) != 0)
        {
            return null;
        }

        try
        {
            using var lease = Lease();
            var slot = FindSlot(id.Value);
            if (slot < 0)
            {
                return null;
            }

            // The id again after the count: a row freed and taken by another process meanwhile does not lend its count.
            var version = Volatile.Read(ref Row(slot)->DocumentVersion);
            return Holds(slot, id.Value) ? version : null;
        }
        catch (WttException)
        {
            return null; // disposed meanwhile
        }
    }

    /// <inheritdoc/>
    /// <remarks>A disposed table counts nothing; its readers check their files.</remarks>
    void IDocumentVersions.Written(WttProcessId id)
    {
        if (id.IsNil || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            using var lease = Lease();
            var slot = FindSlot(id.Value);
            if (slot >= 0)
            {
                // A row taken by another process between the look-up and the move only gets one check of its file too many.
                Interlocked.Increment(ref Row(slot)->DocumentVersion);
            }
        }
        catch (WttException)
        {
            // Disposed meanwhile.
        }
    }

    /// <inheritdoc/>
    public long PostEvent(WttProcessId id, ProcessEventBits bits)
    {
        using var lease = Lease();
        var slot = FindSlotOrThrow(id);
        var row = Row(slot);
        Interlocked.Or(ref row->EventWord, (long)bits);
        var sequence = Interlocked.Increment(ref row->EventSequence);
        Interlocked.Add(ref row->Seq, 2);
        WakeEventSleepers(row);
        BumpChange();
        return sequence;
    }

    /// <summary>
    /// Moves a row's <see cref="TableRow.EventWake"/> and wakes the event thread that sleeps on it, if one does: the word
    /// moves first, so a thread that read it before does not fall asleep after the wake. The caller holds a lease.
    /// </summary>
    private static void WakeEventSleepers(TableRow* row)
    {
        Interlocked.Increment(ref row->EventWake);
        if (Volatile.Read(ref row->EventSleepers) != 0)
        {
            Futex.WakeAll(&row->EventWake);
        }
    }

    /// <inheritdoc/>
    public ProcessEventBits TakeEvents(WttProcessId id)
    {
        using var lease = Lease();
        var row = Row(FindSlotOrThrow(id));
        var bits = Interlocked.Exchange(ref row->EventWord, 0);
        if (bits != 0)
        {
            // The row's version moves so a reader sees a consistent row; the change counter does not: clearing
            // pending bits is no change anyone waits for, and a bump would wake every watcher of the table (in every
            // process) once more per event received.
            Interlocked.Add(ref row->Seq, 2);
        }

        return (ProcessEventBits)bits;
    }

    /// <summary>Writes one 64-bit field of a row without a lock, and moves the row's version and the change counter; the caller holds a lease.</summary>
    /// <param name="slot">The row.</param>
    /// <param name="id">The id the row must hold.</param>
    /// <param name="wordOffset">The field's offset in 64-bit words.</param>
    /// <param name="value">The value.</param>
    private void WriteWord(int slot, WttProcessId id, long wordOffset, long value)
    {
        var row = Row(slot);
        if (!Holds(slot, id.Value))
        {
            throw WttException.UnknownProcess(id);
        }

        Volatile.Write(ref *((long*)row + wordOffset), value);
        Interlocked.Add(ref row->Seq, 2);
        BumpChange();
    }
}
