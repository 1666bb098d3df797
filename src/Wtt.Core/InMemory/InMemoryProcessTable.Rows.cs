// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Changes to single rows: update, status, heartbeat, events.</content>
public sealed partial class InMemoryProcessTable
{
    /// <inheritdoc/>
    public ProcessRecord Update(WttProcessId id, Func<ProcessRecord, ProcessRecord> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        RequireId(id);
        TaskCompletionSource wake;
        TaskCompletionSource? eventWake = null;
        ProcessRecord stored;
        lock (gate)
        {
            var row = GetRow(id);
            var current = row.Record;
            var next = change(current) ?? throw WttException.InvalidArgument($"The change of row {id} returned null; return the new row (current with {{ ... }}).");
            if (next.Id != id)
            {
                throw WttException.InvalidArgument($"The change of row {id} changed its id to {next.Id}; a row keeps its id, so remove it and add a new one instead.");
            }

            ValidateMachineNames(next);
            stored = next with { Version = current.Version + 1 };
            row.Record = stored;
            if (stored.EventSequence != current.EventSequence)
            {
                eventWake = SwapEventSignal(row);
            }

            wake = BumpChange();
        }

        eventWake?.TrySetResult();
        wake.TrySetResult();
        return stored;
    }

    /// <inheritdoc/>
    public void SetStatus(WttProcessId id, ProcessStatus status)
        => Change(id, r => r with { Status = status });

    /// <inheritdoc/>
    public void StampHeartbeat(WttProcessId id, DateTimeOffset now)
        => Change(id, r => r with { LastHeartbeat = now });

    /// <inheritdoc/>
    public long PostEvent(WttProcessId id, ProcessEventBits bits)
    {
        RequireId(id);
        TaskCompletionSource wake;
        TaskCompletionSource eventWake;
        long sequence;
        lock (gate)
        {
            var row = GetRow(id);
            var current = row.Record;
            sequence = current.EventSequence + 1;
            row.Record = current with
            {
                EventWord = current.EventWord | (long)bits,
                EventSequence = sequence,
                Version = current.Version + 1,
            };
            eventWake = SwapEventSignal(row);
            wake = BumpChange();
        }

        eventWake.TrySetResult();
        wake.TrySetResult();
        return sequence;
    }

    /// <inheritdoc/>
    public ProcessEventBits TakeEvents(WttProcessId id)
    {
        RequireId(id);
        TaskCompletionSource? wake = null;
        ProcessEventBits taken;
        lock (gate)
        {
            var row = GetRow(id);
            var current = row.Record;
            taken = (ProcessEventBits)current.EventWord;
            if (taken != ProcessEventBits.None)
            {
                row.Record = current with { EventWord = 0, Version = current.Version + 1 };
                wake = BumpChange();
            }
        }

        wake?.TrySetResult();
        return taken;
    }

    private static TaskCompletionSource SwapEventSignal(Row row)
    {
        var old = row.EventSignal;
        row.EventSignal = NewSignal();
        return old;
    }

    private void Change(WttProcessId id, Func<ProcessRecord, ProcessRecord> change)
    {
        RequireId(id);
        TaskCompletionSource wake;
        lock (gate)
        {
            var row = GetRow(id);
            var current = row.Record;
            row.Record = change(current) with { Version = current.Version + 1 };
            wake = BumpChange();
        }

        wake.TrySetResult();
    }
}
