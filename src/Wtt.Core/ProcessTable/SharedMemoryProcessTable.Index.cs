// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Wtt.Core;

/// <content>
/// Lookup by id: a per-instance index (id to row) that this instance keeps up to date with its own adds and
/// removes, and resynchronises from the rows when an id is missed and the table's membership counter shows
/// that another instance added or removed rows since. A hit is always checked against the row itself.
/// </content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    private readonly ConcurrentDictionary<Guid, int> _slots = new();
    private readonly Lock _indexLock = new();
    private long _indexMembership = -1;

    /// <summary>Finds the row that holds an id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The row's slot, or -1.</returns>
    /// <remarks>
    /// The row check reads the in-use flag and the id without the seqlock: enough to tell which row holds an
    /// id, because a row only takes an id before it is marked in use and only loses it after it is marked free.
    /// Readers that copy the row check the id again inside the seqlock.
    /// </remarks>
    private int FindSlot(Guid id)
    {
        if (_slots.TryGetValue(id, out var slot) && Holds(slot, id))
        {
            return slot;
        }

        // A miss, or a stale entry: resynchronise only if rows were added or removed since the index was.
        while (Volatile.Read(ref _header->Membership) != Volatile.Read(ref _indexMembership))
        {
            Resync();
            if (_slots.TryGetValue(id, out slot) && Holds(slot, id))
            {
                return slot;
            }
        }

        return -1;
    }

    private bool Holds(int slot, Guid id)
    {
        var row = Row(slot);
        return Volatile.Read(ref row->InUse) != 0 && row->Id == id;
    }

    /// <summary>Finds the row that holds an id, for the members that take the id of a row; the caller holds a lease.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The row's slot.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/> (a nil id), <see cref="WttErrorCode.UnknownProcess"/>.</exception>
    private int FindSlotOrThrow(WttProcessId id)
    {
        if (id.IsNil)
        {
            ThrowNilId();
        }

        var slot = FindSlot(id.Value);
        return slot >= 0 ? slot : throw WttException.UnknownProcess(id);
    }

    /// <summary>Throws the error of a nil id; out of line, so the callers' hot paths stay small.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNilId()
        => throw WttException.InvalidArgument("The process id is nil; pass the id of a row in the table.");

    /// <summary>Records this instance's own add or remove; the caller holds the global lock.</summary>
    /// <param name="membershipBefore">The membership counter before the change.</param>
    /// <param name="id">The id added or removed.</param>
    /// <param name="slot">Its row, or -1 for a removal.</param>
    private void IndexOwnChange(long membershipBefore, Guid id, int slot)
    {
        lock (_indexLock)
        {
            if (slot >= 0)
            {
                _slots[id] = slot;
            }
            else
            {
                _slots.TryRemove(id, out _);
            }

            // Only an index that was in step before the change is in step after it.
            if (_indexMembership == membershipBefore)
            {
                Volatile.Write(ref _indexMembership, Volatile.Read(ref _header->Membership));
            }
        }
    }

    /// <summary>Brings the index in step with the rows, never removing an entry that is still right.</summary>
    private void Resync()
    {
        lock (_indexLock)
        {
            var membership = Volatile.Read(ref _header->Membership);
            if (membership == _indexMembership)
            {
                return;
            }

            foreach (var entry in _slots)
            {
                if (!Holds(entry.Value, entry.Key))
                {
                    _slots.TryRemove(entry);
                }
            }

            for (var slot = 0; slot < Capacity; slot++)
            {
                if (Volatile.Read(ref Row(slot)->InUse) != 0 && TryReadId(slot, out var id))
                {
                    _slots[id] = slot;
                }
            }

            Volatile.Write(ref _indexMembership, membership);
        }
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
}
