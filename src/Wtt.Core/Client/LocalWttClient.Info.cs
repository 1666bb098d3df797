// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Inspection;

namespace Wtt.Core;

public sealed partial class LocalWttClient
{
    /// <inheritdoc/>
    public async ValueTask<WttProcessHandle> OpenProcessAsync(WttProcessId id, string? machine = null, CancellationToken cancellationToken = default)
    {
        if (id.IsNil)
        {
            throw WttException.InvalidArgument("OpenProcessAsync needs a process id; the nil id names no process. Take ids from GetProcessListAsync.");
        }

        ThrowIfDisposed();
        if (!IsLocal(machine))
        {
            var remote = await RemoteAsync(machine!, cancellationToken).ConfigureAwait(false);
            var opened = await remote.OpenProcessAsync(id, null, cancellationToken).ConfigureAwait(false);
            return new WttProcessHandle(opened.Id, machine);
        }

        await EnsureKnownAsync(id, cancellationToken).ConfigureAwait(false);
        return new WttProcessHandle(id, null);
    }

    /// <inheritdoc/>
    public async ValueTask<ProcessInfo> GetProcessInfoAsync(WttProcessHandle process, CancellationToken cancellationToken = default)
    {
        if (process is null)
        {
            throw WttException.InvalidArgument("GetProcessInfoAsync needs a handle; pass one from CreateProcessAsync or OpenProcessAsync.");
        }

        ThrowIfDisposed();
        if (!IsLocal(process.Machine))
        {
            var remote = await RemoteAsync(process.Machine!, cancellationToken).ConfigureAwait(false);
            var info = await remote.GetProcessInfoAsync(new WttProcessHandle(process.Id), cancellationToken).ConfigureAwait(false);
            MirrorRemoteEnd(process.Id, process.Machine!, info.Status, info.ExitCode);
            return NamedFor(info, process.Machine!);
        }

        var found = await TryGetLocalInfoAsync(process.Id, includeDetails: true, cancellationToken).ConfigureAwait(false);
        return found ?? throw WttException.UnknownProcess(process.Id, options.MachineName);
    }

    /// <inheritdoc/>
    public async ValueTask<ProcessInfo?> GetCurrentProcessInfoAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return options.SelfId.IsNil ? null : await TryGetLocalInfoAsync(options.SelfId, includeDetails: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ProcessInfo>> GetProcessListAsync(ProcessListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= ProcessListOptions.All;
        ThrowIfDisposed();
        if (!IsLocal(options.Machine))
        {
            var remote = await RemoteAsync(options.Machine!, cancellationToken).ConfigureAwait(false);
            var remoteList = await remote.GetProcessListAsync(options with { Machine = null }, cancellationToken).ConfigureAwait(false);
            return [.. remoteList.Select(info => NamedFor(info, options.Machine!))];
        }

        var rows = options.Filter switch
        {
            null => table.List(),
            { Kind: ProcessSetKind.Group } set => table.GetGroupMembers(set.GroupId),
            { Kind: ProcessSetKind.Tree } set => TreeRows(set.Handles[0].Id),
            { } set => [.. set.Handles.Select(h => table.TryGet(h.Id, out var row) ? row : null).OfType<ProcessRecord>()],
        };
        var list = new List<ProcessInfo>(rows.Count);
        foreach (var row in rows)
        {
            var document = options.IncludeDetails ? await ReadDocumentAsync(row, cancellationToken).ConfigureAwait(false) : null;
            list.Add(ProcessInfoMapper.From(row, document, time.GetUtcNow()));
        }

        if (options.ResolveRemote)
        {
            await ResolveRemoteRowsAsync(list, cancellationToken).ConfigureAwait(false);
        }

        return list;
    }

    /// <summary>Names the machine of a remote process's info where its agent left it out; an info that names one is not copied.</summary>
    private static ProcessInfo NamedFor(ProcessInfo info, string machine) => info.Machine is null ? info with { Machine = machine } : info;

    private List<ProcessRecord> TreeRows(WttProcessId root)
    {
        // A root gone from the table has no tree left to list.
        return table.TryGet(root, out var rootRow) ? [rootRow, .. table.GetDescendants(root)] : [];
    }

    private async ValueTask<ProcessInfo?> TryGetLocalInfoAsync(WttProcessId id, bool includeDetails, CancellationToken cancellationToken)
    {
        if (!table.TryGet(id, out var row))
        {
            var stored = await state.ReadAsync(id, cancellationToken).ConfigureAwait(false);
            return stored is null ? null : ProcessInfoMapper.FromDocument(stored);
        }

        var document = includeDetails ? await ReadDocumentAsync(row, cancellationToken).ConfigureAwait(false) : null;
        var info = ProcessInfoMapper.From(row, document, time.GetUtcNow());
        if (!includeDetails || !options.InspectOsProcesses || row.Kind != ProcessKind.Plain || row.Machine is not null)
        {
            return info;
        }

        if (row.Status.IsEnded())
        {
            mainThreads.Forget(row.Pid, row.ProcessStartTime);
            return info;
        }

        return info with { Threads = ProcFs.ReadThreads(row.Pid, row.ProcessStartTime, mainThreads) };
    }

    /// <summary>
    /// Reads the state document of a process in the table. For a row that has not ended, the end a state folder keeps
    /// beside the document is not read: the row tells the status.
    /// </summary>
    private ValueTask<ProcessStateDocument?> ReadDocumentAsync(ProcessRecord row, CancellationToken cancellationToken)
        => state is FolderProcessStateStore folders && !row.Status.IsEnded()
            ? new(folders.ReadStored(row.Id))
            : state.ReadAsync(row.Id, cancellationToken);

    private async ValueTask ResolveRemoteRowsAsync(List<ProcessInfo> list, CancellationToken cancellationToken)
    {
        var byMachine = list.Select((info, index) => (info, index)).Where(x => x.info.Machine is not null).GroupBy(x => x.info.Machine!);
        await Task.WhenAll(byMachine.Select(async group =>
        {
            IReadOnlyList<ProcessInfo>? remoteRows = null;
            try
            {
                var remote = await RemoteAsync(group.Key, cancellationToken).ConfigureAwait(false);
                var handles = group.Select(x => new WttProcessHandle(x.info.Id)).ToArray();
                remoteRows = await remote.GetProcessListAsync(new ProcessListOptions { Filter = ProcessSet.Of(handles) }, cancellationToken).ConfigureAwait(false);
            }
            catch (WttException ex) when (IsUnreachable(ex))
            {
            }

            foreach (var (info, index) in group)
            {
                var fresh = remoteRows?.FirstOrDefault(r => r.Id == info.Id);
                if (remoteRows is not null)
                {
                    MirrorRemoteEnd(info.Id, group.Key, fresh?.Status ?? ProcessStatus.NotActive, fresh?.ExitCode);
                }

                list[index] = remoteRows is null
                    ? info with { Status = ProcessStatus.Unreachable }
                    : fresh is null ? info with { Status = ProcessStatus.NotActive } : fresh with { Machine = group.Key, InvokedFrom = options.MachineName };
            }
        })).ConfigureAwait(false);
    }
}
