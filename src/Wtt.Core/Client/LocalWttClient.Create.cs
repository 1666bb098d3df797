// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Wtt.Core.Logs;

namespace Wtt.Core;

public sealed partial class LocalWttClient
{
    /// <inheritdoc/>
    public async ValueTask<WttProcessHandle> CreateProcessAsync(ProcessStartSpec spec, CancellationToken cancellationToken = default)
    {
        if (spec is null)
        {
            throw WttException.InvalidArgument("CreateProcessAsync needs a ProcessStartSpec naming the file to start.");
        }

        ThrowIfDisposed();
        spec.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsLocal(spec.Machine))
        {
            return await CreateRemoteAsync(spec, cancellationToken).ConfigureAwait(false);
        }

        var id = spec.Id.IsNil ? WttProcessId.New() : spec.Id;
        var parent = DefaultParent(spec);
        var now = time.GetUtcNow();
        await AddRowAsync(new ProcessRecord(id)
        {
            ParentId = parent,
            GroupId = spec.GroupId,
            Kind = spec.Kind,
            Status = ProcessStatus.Created,
            CreatedAt = now,
            DebugTimeout = spec.DebugTimeout,
        }).ConfigureAwait(false);

        ILaunchedProcess launched;
        try
        {
            // The process may write its own document as soon as it runs (its id is in its environment), so the first
            // document is an update under the folder's lock that keeps what the process wrote: a status it reported,
            // log files it registered.
            var registered = spec.LogFiles.Select(path => new LogFileInfo(Path.GetFileName(path), LogFileOpener.ResolveForRegistration(path))).ToList();
            ProcessStateDocument Started(ProcessStateDocument doc) => doc with
            {
                FileName = spec.FileName,
                Arguments = spec.Arguments,
                Kind = spec.Kind,
                LastStatus = doc.LastStatus is ProcessStatus.Unknown or ProcessStatus.Created ? ProcessStatus.Created : doc.LastStatus,
                LogFiles = [.. registered, .. doc.LogFiles.Where(kept => !registered.Exists(log => log.Name == kept.Name))],
                UpdatedAt = now,
            };

            // A state folder's first document is written on another thread while this one starts the process: the start
            // waits for the child's exec, which leaves a core free. It goes in without the folder's lock unless the process
            // has written its own already (FolderProcessStateStore.CreateAsync). Both are done before the call returns.
            Task firstDocument = state is FolderProcessStateStore folders
                ? Task.Run(() => folders.CreateAsync(id, Started, cancellationToken).AsTask(), CancellationToken.None)
                : state.UpdateAsync(id, Started, cancellationToken).AsTask();
            var request = new ProcessLaunchRequest(spec, id, parent, spec.GroupId) { WttVariables = WttVariables(id, parent, spec) };
            try
            {
                launched = await launcher.StartAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await firstDocument.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }

            try
            {
                await firstDocument.ConfigureAwait(false);
            }
            catch
            {
                // Started, but its state folder could not be written: it does not run unrecorded. The write's error is
                // the one thrown, whatever the kill meets.
                try
                {
                    await launched.KillTreeAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception)
                {
                }
                finally
                {
                    await launched.DisposeAsync().ConfigureAwait(false);
                }

                throw;
            }
        }
        catch
        {
            table.Remove(id);
            await state.DeleteAsync(id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        table.Update(id, row => row with
        {
            Pid = launched.Pid,
            ProcessStartTime = launched.StartTime,
            Status = row.Status == ProcessStatus.Created ? ProcessStatus.Running : row.Status,
        });
        tracked[id] = TrackedProcess.Start(id, launched, table, state, new TrackedProcess.Drain(options.OutputDrainTimeout, time));
        return new WttProcessHandle(id, null);
    }

    private async ValueTask<WttProcessHandle> CreateRemoteAsync(ProcessStartSpec spec, CancellationToken cancellationToken)
    {
        var machine = spec.Machine!;
        var remote = await RemoteAsync(machine, cancellationToken).ConfigureAwait(false);
        var id = spec.Id.IsNil ? WttProcessId.New() : spec.Id;
        var parent = DefaultParent(spec);
        var remoteSpec = spec with { Id = id, ParentId = parent };
        await AddRowAsync(new ProcessRecord(id)
        {
            ParentId = parent,
            GroupId = spec.GroupId,
            Kind = spec.Kind,
            Machine = machine,
            Status = ProcessStatus.Created,
            CreatedAt = time.GetUtcNow(),
            DebugTimeout = spec.DebugTimeout,
        }).ConfigureAwait(false);
        try
        {
            var handle = await remote.CreateProcessAsync(remoteSpec, cancellationToken).ConfigureAwait(false);
            table.SetStatus(id, ProcessStatus.Running);
            return new WttProcessHandle(handle.Id, machine);
        }
        catch
        {
            table.Remove(id);
            throw;
        }
    }

    private WttProcessId DefaultParent(ProcessStartSpec spec)
        => !spec.ParentId.IsNil ? spec.ParentId : options.AdoptsCreatedProcesses ? options.SelfId : WttProcessId.Nil;

    private Dictionary<string, string> WttVariables(WttProcessId id, WttProcessId parent, ProcessStartSpec spec)
    {
        var variables = new Dictionary<string, string>
        {
            [WttEnvironment.ProcessId] = id.ToString(),
            [WttEnvironment.Machine] = options.MachineName,
            [WttEnvironment.DebugTimeoutMilliseconds] = spec.DebugTimeout == Timeout.InfiniteTimeSpan
                ? "-1"
                : ((long)spec.DebugTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (!parent.IsNil)
        {
            variables[WttEnvironment.ParentId] = parent.ToString();
        }

        if (!spec.GroupId.IsNil)
        {
            variables[WttEnvironment.GroupId] = spec.GroupId.ToString();
        }

        foreach (var (name, value) in options.ChildVariables)
        {
            variables[name] = value;
        }

        return variables;
    }
}
