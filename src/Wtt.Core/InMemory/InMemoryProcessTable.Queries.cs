// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Reads of many rows: the list, trees and groups.</content>
public sealed partial class InMemoryProcessTable
{
    /// <inheritdoc/>
    public IReadOnlyList<ProcessRecord> List()
    {
        lock (gate)
        {
            ThrowIfDisposed();
            var list = new ProcessRecord[order.Count];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = rows[order[i]].Record;
            }

            return list;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/> (a nil id), <see cref="WttErrorCode.UnknownProcess"/>.</exception>
    public IReadOnlyList<ProcessRecord> GetDescendants(WttProcessId id)
    {
        RequireId(id);
        lock (gate)
        {
            GetRow(id);
            var result = new List<ProcessRecord>();
            var seen = new HashSet<WttProcessId> { id };
            var frontier = new List<WttProcessId> { id };

            // Breadth first over parent links: every parent is listed before its children.
            while (frontier.Count > 0)
            {
                var parents = new HashSet<WttProcessId>(frontier);
                frontier.Clear();
                foreach (var rowId in order)
                {
                    var record = rows[rowId].Record;
                    if (parents.Contains(record.ParentId) && seen.Add(record.Id))
                    {
                        result.Add(record);
                        frontier.Add(record.Id);
                    }
                }
            }

            return result;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a nil group id.</exception>
    public IReadOnlyList<ProcessRecord> GetGroupMembers(WttProcessId groupId)
    {
        if (groupId.IsNil)
        {
            throw WttException.InvalidArgument("The group id is nil; pass the id of a group (a group with no member has no rows).");
        }

        lock (gate)
        {
            ThrowIfDisposed();
            var result = new List<ProcessRecord>();
            foreach (var rowId in order)
            {
                var record = rows[rowId].Record;
                if (record.GroupId == groupId)
                {
                    result.Add(record);
                }
            }

            return result;
        }
    }
}
