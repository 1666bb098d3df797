// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using Wtt.Core.Inspection;

namespace Wtt.Core;

public sealed partial class LocalWttClient
{
    /// <summary>The local members of one terminate from which their kills' walks are split between two threads.</summary>
    private const int ParallelWalkMembers = 64;

    /// <inheritdoc/>
    public async ValueTask<SignalResult> SignalAsync(ProcessSet processes, WttSignal signal, CancellationToken cancellationToken = default)
    {
        if (signal is null)
        {
            throw WttException.InvalidArgument("SignalAsync needs a signal: WttSignal.Shutdown, WttSignal.Terminate or WttSignal.Create(name, payload).");
        }

        ThrowIfDisposed();
        var members = await ResolveAsync(processes, cancellationToken).ConfigureAwait(false);
        var kills = signal.IsTerminate ? new KillBatch() : null;
        return await FanOutAsync(
            members,
            (remote, handles, ct) => remote.SignalAsync(ProcessSet.Of(handles), signal, ct),
            (member, ct) => SignalLocalAsync(member, signal, kills, ct),
            kills,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<SignalResult> TerminateAsync(ProcessSet processes, TerminateOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= TerminateOptions.Default;
        options.Validate();
        ThrowIfDisposed();
        var members = await ResolveAsync(processes, cancellationToken).ConfigureAwait(false);
        var kills = new KillBatch();
        return await FanOutAsync(
            members,
            (remote, handles, ct) => remote.TerminateAsync(ProcessSet.Of(handles), options, ct),
            (member, ct) => TerminateLocalAsync(member, options, kills, ct),
            kills,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs local members concurrently and sends one request per other machine, keeping the caller's order. The kills
    /// of the local members that come to them while all are started (no grace period) are sent together once all
    /// started: see <see cref="KillBatch"/>.
    /// </summary>
    private async ValueTask<SignalResult> FanOutAsync(
        IReadOnlyList<SetMember> members,
        Func<IWttClient, List<WttProcessHandle>, CancellationToken, ValueTask<SignalResult>> remoteCall,
        Func<SetMember, CancellationToken, Task<SignalEntry>> localCall,
        KillBatch? kills,
        CancellationToken cancellationToken)
    {
        if (members is [{ Machine: null } only])
        {
            // One process of this machine, the most common call: no fan-out to build.
            Task<SignalEntry> call;
            try
            {
                call = localCall(only, cancellationToken);
            }
            finally
            {
                kills?.Fire();
            }

            return new SignalResult([await call.ConfigureAwait(false)]);
        }

        var entries = new SignalEntry[members.Count];
        var locals = members.Where(m => m.Machine is null).ToList();

        // The kills of many local members end many processes at once: their ends are written behind the burst.
        using var burst = kills is not null && locals.Count > 1 ? EndWriter.Burst() : null;
        Task<Task>? otherHalf = null;
        if (kills is not null && locals.Count >= ParallelWalkMembers && Environment.ProcessorCount > 1)
        {
            // Each kill is made ready before the batch fires (its member's tree walked, a few /proc reads, unless the
            // member was born in its cgroup), while nothing else runs: the second half of a large set gets ready on
            // another core meanwhile.
            var half = locals[(locals.Count / 2)..];
            locals = locals[..(locals.Count / 2)];
            otherHalf = Task.Factory.StartNew(() => Task.WhenAll(half.ConvertAll(Start)), CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        }

        var local = locals.Select(Start);
        var remote = members.Where(m => m.Machine is not null).GroupBy(m => m.Machine!).Select(async group =>
        {
            var list = group.ToList();
            try
            {
                var client = await RemoteAsync(group.Key, cancellationToken).ConfigureAwait(false);
                var result = await remoteCall(client, HandlesOf(list), cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < list.Count; i++)
                {
                    entries[list[i].Index] = result.Entries[i] with { Machine = group.Key };
                    MirrorRemoteEnd(list[i].Id, group.Key, result.Entries[i].Status, result.Entries[i].ExitCode);
                }
            }
            catch (WttException ex) when (IsUnreachable(ex))
            {
                foreach (var m in list)
                {
                    entries[m.Index] = new SignalEntry(m.Id, group.Key, SignalOutcome.Unreachable) { Status = ProcessStatus.Unreachable };
                }
            }
        });
        List<Task> started;
        try
        {
            started = [.. local, .. remote];
            if (otherHalf is not null)
            {
                // The outer task completes once that half's members are started, each kill held or signalled; the inner
                // one when they are done.
                started.Add(await otherHalf.ConfigureAwait(false));
            }
        }
        finally
        {
            kills?.Fire();
        }

        await Task.WhenAll(started).ConfigureAwait(false);
        return new SignalResult(entries);

        async Task Start(SetMember m) => entries[m.Index] = await localCall(m, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SignalEntry> SignalLocalAsync(SetMember member, WttSignal signal, KillBatch? kills, CancellationToken cancellationToken)
    {
        if (!table.TryGet(member.Id, out var row) || row.Status.IsEnded())
        {
            return Entry(member, SignalOutcome.AlreadyExited);
        }

        if (IsProtected(row))
        {
            return Entry(member, SignalOutcome.Refused);
        }

        // Terminate is the forced end for every kind: a Wtt-based process is not asked, its tree is killed.
        if (signal.IsTerminate)
        {
            await KillLocalAsync(member.Id, kills, cancellationToken).ConfigureAwait(false);
            return Entry(member, SignalOutcome.Delivered);
        }

        if (row.Kind == ProcessKind.WttBased)
        {
            var outcome = await events.SendAsync(member.Id, signal, cancellationToken).ConfigureAwait(false);
            return Entry(member, outcome);
        }

        if (!signal.IsShutdown)
        {
            return Entry(member, SignalOutcome.NotSent); // a plain process has no way to receive a user event
        }

        var sent = await SendOsSignalAsync(member.Id, PosixSignal.SIGTERM, cancellationToken).ConfigureAwait(false);
        return Entry(member, sent ? SignalOutcome.Delivered : SignalOutcome.AlreadyExited);
    }

    /// <summary>Gets whether the row is this process, one of its ancestors or pid 1, which are never signalled (real pids only).</summary>
    private bool IsProtected(ProcessRecord row)
        => options.InspectOsProcesses && OperatingSystem.IsLinux() && row.Pid != 0 && ProtectedProcesses.Contains(row.Pid, row.ProcessStartTime);

    private async Task<SignalEntry> TerminateLocalAsync(SetMember member, TerminateOptions options, KillBatch kills, CancellationToken cancellationToken)
    {
        if (!table.TryGet(member.Id, out var row) || row.Status.IsEnded())
        {
            return Entry(member, SignalOutcome.AlreadyExited);
        }

        if (IsProtected(row))
        {
            return Entry(member, SignalOutcome.Refused);
        }

        var observed = table.ChangeCounter;
        if (row.Kind == ProcessKind.WttBased)
        {
            await events.SendAsync(member.Id, WttSignal.Shutdown, cancellationToken).ConfigureAwait(false);
        }
        else if (options.PoliteSignal is { } polite)
        {
            await SendOsSignalAsync(member.Id, polite, cancellationToken).ConfigureAwait(false);
        }

        if (await WaitEndedAsync(member.Id, observed, options.GracePeriod, cancellationToken).ConfigureAwait(false))
        {
            return Entry(member, SignalOutcome.StoppedCleanly);
        }

        await KillLocalAsync(member.Id, kills, cancellationToken).ConfigureAwait(false);
        if (tracked.TryGetValue(member.Id, out var own))
        {
            // Our own process: wait for its watcher to record the end, instead of waking on every change of the
            // table (a terminate of N members would otherwise wake N waiters on each of the N ends).
            try
            {
                await own.RecordedInTable.WaitAsync(this.options.KillReapTimeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
        else
        {
            await WaitEndedAsync(member.Id, table.ChangeCounter, this.options.KillReapTimeout, cancellationToken).ConfigureAwait(false);
        }

        return Entry(member, SignalOutcome.Killed);
    }

    /// <summary>Waits until the member's row has ended (or is gone), or the timeout passes.</summary>
    private async ValueTask<bool> WaitEndedAsync(WttProcessId id, long observed, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = timeout == Timeout.InfiniteTimeSpan ? (DateTimeOffset?)null : time.GetUtcNow() + timeout;
        while (true)
        {
            if (!table.TryGet(id, out var row) || row.Status.IsEnded())
            {
                return true;
            }

            var left = deadline is { } d ? d - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
            if (deadline is not null && left <= TimeSpan.Zero)
            {
                return false;
            }

            observed = await table.WaitForChangeAsync(observed, left, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<bool> SendOsSignalAsync(WttProcessId id, PosixSignal signal, CancellationToken cancellationToken)
    {
        if (tracked.TryGetValue(id, out var process))
        {
            return await process.Process.SendSignalAsync(signal, cancellationToken).ConfigureAwait(false);
        }

        // Started by another client of this machine: reach it by pid while the pid is still that process.
        return options.InspectOsProcesses && table.TryGet(id, out var row) && OsProcesses.TrySignal(row.Pid, row.ProcessStartTime, signal);
    }

    private async ValueTask KillLocalAsync(WttProcessId id, KillBatch? kills, CancellationToken cancellationToken)
    {
        if (tracked.TryGetValue(id, out var process))
        {
            if (kills is not null && process.Process is IBatchedTreeKill batched)
            {
                await batched.KillTreeAsync(kills, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await process.Process.KillTreeAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        else if (options.InspectOsProcesses && table.TryGet(id, out var row) && row.Pid != 0)
        {
            // Started by another client of this machine, whose watcher may be gone: record the end here, so waiters do not wait forever.
            var killed = OsProcesses.TryKillTree(row.Pid, row.ProcessStartTime);
            table.Update(id, r => r.Status.IsEnded() ? r : killed ? r with { Status = ProcessStatus.Terminated, ExitCode = 128 + 9 } : r with { Status = ProcessStatus.NotActive });
        }
    }

    private SignalEntry Entry(SetMember member, SignalOutcome outcome)
    {
        table.TryGet(member.Id, out var row);
        return new SignalEntry(member.Id, member.Machine, outcome)
        {
            Status = row?.Status ?? ProcessStatus.NotActive,
            ExitCode = row?.ExitCode,
        };
    }
}
