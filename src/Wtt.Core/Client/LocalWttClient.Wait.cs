// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Waiting;

namespace Wtt.Core;

public sealed partial class LocalWttClient
{
    /// <inheritdoc/>
    public async ValueTask<WaitResult> WaitAsync(ProcessSet processes, WaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= WaitOptions.AllExited;
        options.Validate();
        ThrowIfDisposed();
        var members = await ResolveAsync(processes, cancellationToken).ConfigureAwait(false);
        if (members.Count == 0)
        {
            // An empty tree or group has nothing left to wait for.
            return new WaitResult(WaitOutcome.Satisfied, -1, []);
        }

        var session = new WaitSession(members, options, time.GetUtcNow());
        if (AllLocal(members))
        {
            // The most common wait: nothing to ask another machine, so nothing to stop either.
            return await WaitLocalAsync(session, allLocal: true, cancellationToken).ConfigureAwait(false);
        }

        using var stopRemote = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var groups = members.Where(m => m.Machine is not null).GroupBy(m => m.Machine!).ToList();
        groups.ForEach(_ => session.AddRemote());
        var remoteWaits = groups.Select(group => WaitRemoteAsync(session, group.Key, [.. group], stopRemote.Token)).ToList();
        try
        {
            return await WaitLocalAsync(session, allLocal: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stopRemote.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(remoteWaits).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the local members, and for the answers of other machines unless <paramref name="allLocal"/>.</summary>
    private async Task<WaitResult> WaitLocalAsync(WaitSession session, bool allLocal, CancellationToken cancellationToken)
    {
        while (true)
        {
            session.ThrowIfFailed();
            var observed = table.ChangeCounter;
            var remoteChanged = session.RemoteChanged;
            var now = time.GetUtcNow();

            // Another machine answers by the same deadline: give its answer a moment to arrive before calling time.
            var deadline = session.RemotePending ? session.Deadline + RemoteAnswerGrace : session.Deadline;
            var wakeAt = deadline;
            foreach (var member in session.Members.Where(m => m.Machine is null))
            {
                var row = table.TryGet(member.Id, out var found) ? found : null;
                var (outcome, expiresAt) = WaitEvaluator.Judge(row, session.Options, now);
                session.Set(member, outcome, row, now);
                wakeAt = Earliest(wakeAt, expiresAt);
            }

            var timedOut = deadline is { } d && now >= d;
            if (timedOut && session.RemotePending)
            {
                // A machine that has not answered by the shared deadline and its grace is unreachable, not still waiting.
                session.MarkUnansweredUnreachable();
            }

            var summary = WaitEvaluator.Summarize(session.Outcomes, session.Options.Mode, timedOut);
            if (summary is { } done)
            {
                return session.Result(done.Outcome, done.Index);
            }

            var delay = wakeAt is { } at ? Max(at - now, TimeSpan.FromTicks(1)) : Timeout.InfiniteTimeSpan;
            if (allLocal)
            {
                // Only the table can change the answer: no other task to watch, no token of its own to stop the wait.
                _ = await table.WaitForChangeAsync(observed, delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tableChanged = table.WaitForChangeAsync(observed, delay, stopWaiting.Token).AsTask();
            await Task.WhenAny(tableChanged, remoteChanged).ConfigureAwait(false);
            await stopWaiting.CancelAsync().ConfigureAwait(false);
            try
            {
                await tableChanged.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private async Task WaitRemoteAsync(WaitSession session, string machine, List<SetMember> members, CancellationToken cancellationToken)
    {
        WaitResult? result = null;
        try
        {
            var remote = await RemoteAsync(machine, cancellationToken).ConfigureAwait(false);
            var left = session.Deadline is { } d ? Max(d - time.GetUtcNow(), TimeSpan.Zero) : Timeout.InfiniteTimeSpan;
            result = await remote.WaitAsync(ProcessSet.Of(HandlesOf(members)), session.Options with { Timeout = left }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (WttException ex) when (IsUnreachable(ex))
        {
        }
        catch (Exception ex)
        {
            session.Fail(ex);
            session.SignalRemoteChanged();
            return;
        }

        for (var i = 0; i < members.Count; i++)
        {
            if (result is not null)
            {
                MirrorRemoteEnd(members[i].Id, machine, result.Entries[i].Status, result.Entries[i].ExitCode);
            }

            session.SetRemote(members[i], result?.Entries[i] ?? new WaitEntry(members[i].Id, machine, WaitEntryOutcome.Unreachable, ProcessStatus.Unreachable));
        }

        session.SignalRemoteChanged();
    }

    private static bool AllLocal(IReadOnlyList<SetMember> members)
    {
        foreach (var member in members)
        {
            if (member.Machine is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How long past the deadline a wait still expects another machine's answer, which carries the same deadline.</summary>
    private static readonly TimeSpan RemoteAnswerGrace = TimeSpan.FromSeconds(2);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b)
        => a is null ? b : b is null ? a : a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
