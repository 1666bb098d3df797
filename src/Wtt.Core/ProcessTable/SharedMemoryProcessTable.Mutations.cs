// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Adding, updating and removing rows.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    /// <summary>Where a row's data starts, after its seqlock and lock words.</summary>
    private const int RowDataOffset = 16;

    /// <inheritdoc/>
    public ProcessRecord Add(ProcessRecord record)
    {
        using var lease = Lease();
        ValidateRecord(record);
        int slot;
        using (EnterGlobal())
        {
            if (FindSlot(record.Id.Value) >= 0)
            {
                throw new WttException(WttErrorCode.DuplicateId, $"A process {record.Id} is already in the table; give a new id.", null, record.Id);
            }

            slot = FindFreeSlot();
            if (slot < 0)
            {
                throw new WttException(WttErrorCode.TableFull, $"The process table {FilePath} is full ({Capacity} rows); remove ended processes, or open the table with a larger Capacity (up to {SharedMemoryProcessTableOptions.MaxCapacity}) after deleting the file.", null, record.Id);
            }

            var row = Row(slot);
            using (var scope = EnterRow(slot))
            {
                scope.BeginWrite();
                WriteFields(row, record, previous: null);
                Volatile.Write(ref row->InUse, 1);
                scope.EndWrite();
            }

            Volatile.Write(ref _header->Count, _header->Count + 1);
            Volatile.Write(ref _header->FreeHint, (slot + 1) % Capacity);
            IndexOwnChange(Interlocked.Increment(ref _header->Membership) - 1, record.Id.Value, slot);
        }

        BumpChange();
        return TryReadRow(slot, record.Id.Value, out var stored) ? stored : record;
    }

    /// <inheritdoc/>
    public ProcessRecord Update(WttProcessId id, Func<ProcessRecord, ProcessRecord> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var lease = Lease();
        while (true)
        {
            var slot = FindSlotOrThrow(id);
            var row = Row(slot);
            using (var scope = EnterRow(slot))
            {
                if (!TryReadRow(slot, id.Value, out var current))
                {
                    continue; // Removed (and perhaps reused) between the lookup and the lock.
                }

                WriteChange(scope, row, id, current, change);
            }

            BumpChange();
            return TryReadRow(slot, id.Value, out var stored) ? stored : throw WttException.UnknownProcess(id);
        }
    }

    /// <summary>
    /// Updates a row only if nothing has to be waited for: its locks are free (or their owner is dead) and it is not
    /// being written. For a thread that must never wait on another process, such as the one that reports every exit:
    /// a writer stopped while it holds the row (in a debugger, say) would otherwise stop that thread with it.
    /// </summary>
    /// <param name="id">The row.</param>
    /// <param name="change">Makes the new row from the current one; it must not block.</param>
    /// <returns>
    /// <see langword="true"/> when the change is written; <see langword="false"/> when nothing was: the row is held,
    /// or is not where this instance's index last saw it (bringing the index up to date reads every row, and waits for
    /// any that is mid-write), so the caller goes the waiting way (<see cref="Update"/>) elsewhere.
    /// </returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.Closed"/> (disposed), <see cref="WttErrorCode.InvalidArgument"/> (a bad change).</exception>
    internal bool TryUpdateWithoutWaiting(WttProcessId id, Func<ProcessRecord, ProcessRecord> change)
    {
        using var lease = Lease();
        if (!_slots.TryGetValue(id.Value, out var slot))
        {
            return false;
        }

        if (!TryEnterRow(slot, out var scope))
        {
            return false;
        }

        using (scope)
        {
            // Under the lock the row is not mid-write, so the read does not wait.
            if (!TryReadRow(slot, id.Value, out var current))
            {
                return false;
            }

            WriteChange(scope, Row(slot), id, current, change);
        }

        BumpChange();
        return true;
    }

    /// <summary>Makes a row's next version from the current one and writes it; the caller holds the row.</summary>
    private void WriteChange(RowScope scope, TableRow* row, WttProcessId id, ProcessRecord current, Func<ProcessRecord, ProcessRecord> change)
    {
        var next = change(current);
        if (next is null || next.Id != id)
        {
            throw WttException.InvalidArgument($"The change of process {id} returned a row with another id ({next?.Id}); keep the id.");
        }

        ValidateRecord(next);
        scope.BeginWrite();
        WriteFields(row, next, current);
        scope.EndWrite();
    }

    /// <inheritdoc/>
    public bool Remove(WttProcessId id)
    {
        using var lease = Lease();
        if (id.IsNil)
        {
            return false;
        }

        using (EnterGlobal())
        {
            var slot = FindSlot(id.Value);
            if (slot < 0)
            {
                return false;
            }

            var row = Row(slot);
            using (var scope = EnterRow(slot))
            {
                scope.BeginWrite();
                Volatile.Write(ref row->InUse, 0);
                new Span<byte>((byte*)row + RowDataOffset, TableLayout.SlotWordsOffset - RowDataOffset).Clear();
                scope.EndWrite();
            }

            // The row's event thread (in whichever process) wakes to find its row gone.
            WakeEventSleepers(row);

            Volatile.Write(ref _header->Count, Math.Max(0, _header->Count - 1));
            Volatile.Write(ref _header->FreeHint, slot);
            IndexOwnChange(Interlocked.Increment(ref _header->Membership) - 1, id.Value, -1);
        }

        BumpChange();
        return true;
    }

    /// <summary>Finds a free row; the caller holds the global lock.</summary>
    private int FindFreeSlot()
    {
        var start = (int)((uint)Volatile.Read(ref _header->FreeHint) % (uint)Capacity);
        for (var i = 0; i < Capacity; i++)
        {
            var slot = start + i;
            if (slot >= Capacity)
            {
                slot -= Capacity;
            }

            if (Volatile.Read(ref Row(slot)->InUse) == 0)
            {
                return slot;
            }
        }

        return -1;
    }
}
