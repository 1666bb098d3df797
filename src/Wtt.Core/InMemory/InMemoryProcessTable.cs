// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>
/// A process table held in this process's memory: the test double of the machine's shared-memory table,
/// with the same rules (capacity, error codes, ordering, wake-ups) and time under the caller's control.
/// </summary>
/// <remarks>
/// Thread-safe. Every change bumps <see cref="ChangeCounter"/> and wakes the waiters of
/// <see cref="WaitForChangeAsync"/> at once (no polling); time-outs run on the injected
/// <see cref="TimeProvider"/>, so <c>FakeTimeProvider.Advance</c> fires them. Rows are listed in the order
/// they were added.
/// </remarks>
public sealed partial class InMemoryProcessTable : IProcessTable
{
    /// <summary>The default number of rows, as for the machine's table.</summary>
    public const int DefaultCapacity = 4096;

    private readonly Lock gate = new();
    private readonly Dictionary<WttProcessId, Row> rows = [];
    private readonly List<WttProcessId> order = [];
    private readonly TimeProvider timeProvider;
    private TaskCompletionSource changed = NewSignal();
    private long changeCounter;
    private bool disposed;

    /// <summary>Initializes an empty table of <see cref="DefaultCapacity"/> rows on the system clock.</summary>
    public InMemoryProcessTable()
        : this(DefaultCapacity, TimeProvider.System)
    {
    }

    /// <summary>Initializes an empty table of <see cref="DefaultCapacity"/> rows.</summary>
    /// <param name="timeProvider">The clock for time-outs and creation times (a <c>FakeTimeProvider</c> in tests).</param>
    public InMemoryProcessTable(TimeProvider timeProvider)
        : this(DefaultCapacity, timeProvider)
    {
    }

    /// <summary>Initializes an empty table.</summary>
    /// <param name="capacity">The number of rows it holds (1 or more).</param>
    /// <param name="timeProvider">The clock for time-outs and creation times (a <c>FakeTimeProvider</c> in tests).</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a capacity below 1.</exception>
    public InMemoryProcessTable(int capacity, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (capacity < 1)
        {
            throw WttException.InvalidArgument($"The table capacity is {capacity}; give 1 or more rows (the machine's table holds {DefaultCapacity} by default).");
        }

        Capacity = capacity;
        this.timeProvider = timeProvider;
    }

    /// <inheritdoc/>
    public int Capacity { get; }

    /// <inheritdoc/>
    public long ChangeCounter => Volatile.Read(ref changeCounter);

    /// <inheritdoc/>
    public ProcessRecord Add(ProcessRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Id.IsNil)
        {
            throw WttException.InvalidArgument("The row's id is nil; give the process a WttProcessId (WttProcessId.New()).");
        }

        ValidateMachineNames(record);
        TaskCompletionSource wake;
        ProcessRecord stored;
        lock (gate)
        {
            ThrowIfDisposed();
            if (rows.ContainsKey(record.Id))
            {
                throw new WttException(WttErrorCode.DuplicateId, $"A process {record.Id} is already in the table; give a new id or remove the old row first.", null, record.Id);
            }

            if (rows.Count >= Capacity)
            {
                throw new WttException(WttErrorCode.TableFull, $"The process table is full ({Capacity} rows); remove ended processes or open the table with a larger capacity.", null, record.Id);
            }

            stored = record with
            {
                Version = 1,
                CreatedAt = record.CreatedAt == default ? timeProvider.GetUtcNow() : record.CreatedAt,
            };
            rows.Add(record.Id, new Row(stored));
            order.Add(record.Id);
            wake = BumpChange();
        }

        wake.TrySetResult();
        return stored;
    }

    /// <inheritdoc/>
    public bool TryGet(WttProcessId id, out ProcessRecord record)
    {
        lock (gate)
        {
            if (rows.TryGetValue(id, out var row))
            {
                record = row.Record;
                return true;
            }
        }

        record = null!;
        return false;
    }

    /// <inheritdoc/>
    public bool Remove(WttProcessId id)
    {
        TaskCompletionSource wake;
        Row? row;
        lock (gate)
        {
            if (disposed || !rows.Remove(id, out row))
            {
                return false;
            }

            order.Remove(id);
            wake = BumpChange();
        }

        row.EventSignal.TrySetResult();
        wake.TrySetResult();
        return true;
    }

    /// <summary>Closes the table: later calls throw <see cref="WttErrorCode.Closed"/> and pending waits end with it.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        TaskCompletionSource wake;
        List<Row> all;
        lock (gate)
        {
            if (disposed)
            {
                return ValueTask.CompletedTask;
            }

            disposed = true;
            all = [.. rows.Values];
            wake = changed;
        }

        wake.TrySetResult();
        foreach (var row in all)
        {
            row.EventSignal.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }
}
