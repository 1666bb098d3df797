// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.ExceptionServices;

namespace Wtt.Core.Waiting;

/// <summary>The state of one wait for many: each member's latest standing, local and remote.</summary>
internal sealed class WaitSession
{
    private readonly WaitEntry[] entries;
    private readonly WaitEntryOutcome[] outcomes;
    private readonly bool[] answered;
    private readonly object gate = new();
    private TaskCompletionSource remoteChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ExceptionDispatchInfo? fault;
    private int pendingRemote;

    public WaitSession(IReadOnlyList<SetMember> members, WaitOptions options, DateTimeOffset start)
    {
        Members = members;
        Options = options;
        Deadline = options.Timeout == Timeout.InfiniteTimeSpan ? null : start + options.Timeout;
        entries = [.. members.Select(m => new WaitEntry(m.Id, m.Machine, WaitEntryOutcome.StillWaiting, ProcessStatus.Unknown))];
        outcomes = [.. entries.Select(e => e.Outcome)];
        answered = new bool[entries.Length];
    }

    public IReadOnlyList<SetMember> Members { get; }

    /// <summary>Gets a value indicating whether a machine's answer is still awaited.</summary>
    public bool RemotePending => Volatile.Read(ref pendingRemote) > 0;

    public WaitOptions Options { get; }

    public DateTimeOffset? Deadline { get; }

    public IReadOnlyList<WaitEntryOutcome> Outcomes
    {
        get
        {
            lock (gate)
            {
                return [.. outcomes];
            }
        }
    }

    /// <summary>Gets a task that completes when a remote answer arrives after this moment.</summary>
    public Task RemoteChanged
    {
        get
        {
            lock (gate)
            {
                return remoteChanged.Task;
            }
        }
    }

    public void Set(SetMember member, WaitEntryOutcome outcome, ProcessRecord? row, DateTimeOffset now)
    {
        var entry = new WaitEntry(member.Id, null, outcome, row?.Status ?? ProcessStatus.NotActive)
        {
            ExitCode = row?.ExitCode,
            HeartbeatAge = row?.LastHeartbeat is { } beat ? now - beat : null,
        };
        lock (gate)
        {
            entries[member.Index] = entry;
            outcomes[member.Index] = outcome;
        }
    }

    public void SetRemote(SetMember member, WaitEntry entry)
    {
        lock (gate)
        {
            entries[member.Index] = entry with { Machine = member.Machine };
            outcomes[member.Index] = entry.Outcome;
            answered[member.Index] = true;
        }
    }

    /// <summary>At the end of the wait, marks the members whose machine never answered (a cut network) unreachable instead of still waiting.</summary>
    public void MarkUnansweredUnreachable()
    {
        lock (gate)
        {
            foreach (var member in Members.Where(m => m.Machine is not null && !answered[m.Index] && outcomes[m.Index] == WaitEntryOutcome.StillWaiting))
            {
                entries[member.Index] = entries[member.Index] with { Outcome = WaitEntryOutcome.Unreachable, Status = ProcessStatus.Unreachable };
                outcomes[member.Index] = WaitEntryOutcome.Unreachable;
            }
        }
    }

    /// <summary>Counts a machine whose answer is awaited.</summary>
    public void AddRemote() => Interlocked.Increment(ref pendingRemote);

    /// <summary>Records an error that makes the whole wait impossible (an unknown process on another machine).</summary>
    public void Fail(Exception error)
    {
        lock (gate)
        {
            fault ??= ExceptionDispatchInfo.Capture(error);
        }
    }

    /// <summary>Throws the recorded error, if any.</summary>
    public void ThrowIfFailed()
    {
        lock (gate)
        {
            fault?.Throw();
        }
    }

    public void SignalRemoteChanged()
    {
        Interlocked.Decrement(ref pendingRemote);
        TaskCompletionSource fired;
        lock (gate)
        {
            fired = remoteChanged;
            remoteChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
    }

    public WaitResult Result(WaitOutcome outcome, int index)
    {
        lock (gate)
        {
            return new WaitResult(outcome, index, [.. entries]);
        }
    }
}
