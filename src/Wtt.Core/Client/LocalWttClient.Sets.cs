// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

public sealed partial class LocalWttClient
{
    /// <summary>
    /// Resolves a set into its members, in the caller's order for handles and the table's order for a tree
    /// (root first) or group. Members whose rows here name another machine are routed there.
    /// </summary>
    private async ValueTask<IReadOnlyList<SetMember>> ResolveAsync(ProcessSet processes, CancellationToken cancellationToken)
    {
        if (processes is null)
        {
            throw WttException.InvalidArgument("The call needs a ProcessSet: ProcessSet.Of(handles), ProcessSet.Tree(root) or ProcessSet.Group(id).");
        }

        var members = new List<SetMember>();
        switch (processes.Kind)
        {
            case ProcessSetKind.Handles:
                foreach (var handle in processes.Handles)
                {
                    var machine = IsLocal(handle.Machine) ? null : handle.Machine;
                    if (machine is null)
                    {
                        await EnsureKnownAsync(handle.Id, cancellationToken).ConfigureAwait(false);
                    }

                    members.Add(new SetMember(members.Count, handle.Id, machine));
                }

                break;

            case ProcessSetKind.Tree:
                var root = processes.Handles[0];
                if (!IsLocal(root.Machine))
                {
                    return await ResolveRemoteAsync(root.Machine!, processes, cancellationToken).ConfigureAwait(false);
                }

                await EnsureKnownAsync(root.Id, cancellationToken).ConfigureAwait(false);
                members.Add(new SetMember(0, root.Id, null));
                AddRows(members, table.GetDescendants(root.Id));
                break;

            default:
                if (!IsLocal(processes.Machine))
                {
                    return await ResolveRemoteAsync(processes.Machine!, processes, cancellationToken).ConfigureAwait(false);
                }

                AddRows(members, table.GetGroupMembers(processes.GroupId));
                break;
        }

        return members;
    }

    private static void AddRows(List<SetMember> members, IReadOnlyList<ProcessRecord> rows)
    {
        foreach (var row in rows)
        {
            members.Add(new SetMember(members.Count, row.Id, row.Machine));
        }
    }

    private async ValueTask<IReadOnlyList<SetMember>> ResolveRemoteAsync(string machine, ProcessSet processes, CancellationToken cancellationToken)
    {
        var remote = await RemoteAsync(machine, cancellationToken).ConfigureAwait(false);
        var list = await remote.GetProcessListAsync(new ProcessListOptions { Filter = processes with { } }, cancellationToken).ConfigureAwait(false);
        return [.. list.Select((info, i) => new SetMember(i, info.Id, info.Machine ?? machine))];
    }

    private async ValueTask EnsureKnownAsync(WttProcessId id, CancellationToken cancellationToken)
    {
        if (!table.TryGet(id, out _) && await state.ReadAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            throw WttException.UnknownProcess(id, options.MachineName);
        }
    }

    private static List<WttProcessHandle> HandlesOf(IEnumerable<SetMember> members)
        => [.. members.Select(m => new WttProcessHandle(m.Id, m.Machine))];
}
