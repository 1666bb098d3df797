// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.ProcessTable;

/// <content>Lookup by id: a per-instance index rebuilt from the rows when the table's membership moved.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    private volatile LookupIndex _index;

    /// <summary>Finds the row that holds an id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The row's slot, or -1.</returns>
    private int FindSlot(Guid id)
    {
        var index = _index;
        if (index.Slots.TryGetValue(id, out var slot) && RowHolds(slot, id))
        {
            return slot;
        }

        // A miss, or a stale entry: rebuild only if rows were added or removed since the index was built.
        while (Volatile.Read(ref _header->Membership) != index.Membership)
        {
            index = Rebuild();
            if (index.Slots.TryGetValue(id, out slot) && RowHolds(slot, id))
            {
                return slot;
            }
        }

        return -1;
    }

    private int FindSlotOrThrow(WttProcessId id)
    {
        ThrowIfDisposed();
        var slot = id.IsNil ? -1 : FindSlot(id.Value);
        return slot >= 0 ? slot : throw WttException.UnknownProcess(id);
    }

    private LookupIndex Rebuild()
    {
        var membership = Volatile.Read(ref _header->Membership);
        var slots = new Dictionary<Guid, int>(Math.Max(Count, 16));
        for (var slot = 0; slot < Capacity; slot++)
        {
            var row = Row(slot);
            if (Volatile.Read(ref row->InUse) == 0)
            {
                continue;
            }

            if (TryReadId(slot, out var id))
            {
                slots[id] = slot;
            }
        }

        var index = new LookupIndex(slots, membership);
        _index = index;
        return index;
    }

    private bool TryReadId(int slot, out Guid id)
    {
        var row = Row(slot);
        var spins = 0;
        while (true)
        {
            var before = Volatile.Read(ref row->Seq);
            if ((before & 1) == 0)
            {
                var inUse = row->InUse;
                id = row->Id;
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref row->Seq) == before)
                {
                    return inUse != 0;
                }
            }
            else if (Volatile.Read(ref row->InUse) == 0)
            {
                id = Guid.Empty;
                return false;
            }

            if (++spins % ReadSpinsBeforeRepair == 0)
            {
                RepairIfWriterDied(slot);
            }

            Thread.SpinWait(4);
        }
    }

    private sealed record LookupIndex(Dictionary<Guid, int> Slots, long Membership);
}
