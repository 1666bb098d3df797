// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Lock-free queries: one row, every row, a tree, a group.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    /// <inheritdoc/>
    public bool TryGet(WttProcessId id, out ProcessRecord record)
    {
        using var lease = Lease();
        record = null!;
        if (id.IsNil)
        {
            return false;
        }

        // The row may be removed between the lookup and the read; then look again (the index rebuilds).
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var slot = FindSlot(id.Value);
            if (slot < 0)
            {
                return false;
            }

            if (TryReadRow(slot, id.Value, out record))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads a row through a cached handle, consistently and without a lookup.</summary>
    /// <param name="handle">The handle from <see cref="GetHandle"/>.</param>
    /// <param name="record">The row, when it still holds the handle's process.</param>
    /// <returns><see langword="true"/> when the row holds the process.</returns>
    internal bool TryGet(RowHandle handle, out ProcessRecord record)
    {
        using var lease = Lease();
        record = null!;
        return (uint)handle.Slot < (uint)Capacity && !handle.Id.IsNil && TryReadRow(handle.Slot, handle.Id.Value, out record);
    }

    /// <inheritdoc/>
    public IReadOnlyList<ProcessRecord> List()
    {
        using var lease = Lease();
        var rows = new List<ProcessRecord>(Volatile.Read(ref _header->Count));
        for (var slot = 0; slot < Capacity; slot++)
        {
            if (Volatile.Read(ref Row(slot)->InUse) != 0 && TryReadRow(slot, Guid.Empty, out var record))
            {
                rows.Add(record);
            }
        }

        return rows;
    }

    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/> (a nil id), <see cref="WttErrorCode.UnknownProcess"/> (no row holds the id).</exception>
    public IReadOnlyList<ProcessRecord> GetDescendants(WttProcessId id)
    {
        IReadOnlyList<ProcessRecord> rows;
        using (Lease())
        {
            _ = FindSlotOrThrow(id);
            rows = List();
        }

        var children = new Dictionary<WttProcessId, List<ProcessRecord>>();
        foreach (var row in rows)
        {
            if (row.ParentId.IsNil)
            {
                continue;
            }

            if (!children.TryGetValue(row.ParentId, out var list))
            {
                children[row.ParentId] = list = [];
            }

            list.Add(row);
        }

        // Breadth first: parents come before their children; a cycle of parent links is cut.
        var result = new List<ProcessRecord>();
        var seen = new HashSet<WttProcessId> { id };
        var queue = new Queue<WttProcessId>();
        queue.Enqueue(id);
        while (queue.TryDequeue(out var parent))
        {
            if (!children.TryGetValue(parent, out var list))
            {
                continue;
            }

            foreach (var child in list)
            {
                if (seen.Add(child.Id))
                {
                    result.Add(child);
                    queue.Enqueue(child.Id);
                }
            }
        }

        return result;
    }

    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a nil group id.</exception>
    public IReadOnlyList<ProcessRecord> GetGroupMembers(WttProcessId groupId)
    {
        ThrowIfDisposed();
        if (groupId.IsNil)
        {
            throw WttException.InvalidArgument("The group id is nil; pass the id of a group (a group with no member has no rows).");
        }

        var members = new List<ProcessRecord>();
        foreach (var row in List())
        {
            if (row.GroupId == groupId)
            {
                members.Add(row);
            }
        }

        return members;
    }
}
