// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Child;
using Wtt.Heartbeats;

namespace Wtt.InMemory;

/// <summary>
/// One fake machine: an in-memory table, event bus, state store and launcher sharing one clock, for unit
/// tests that need them together. Fake processes become Wtt-based through <see cref="AttachContext"/>.
/// </summary>
/// <remarks>Thread-safe. Disposing detaches every context attached through it and closes the table.</remarks>
public sealed class InMemoryMachine : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly List<WttProcessContext> contexts = [];

    /// <summary>Initializes a machine on the system clock with a table of <see cref="InMemoryProcessTable.DefaultCapacity"/> rows.</summary>
    public InMemoryMachine()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Initializes a machine.</summary>
    /// <param name="timeProvider">The clock of every part (a <c>FakeTimeProvider</c> in tests).</param>
    /// <param name="capacity">The table's number of rows.</param>
    public InMemoryMachine(TimeProvider timeProvider, int capacity = InMemoryProcessTable.DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeProvider = timeProvider;
        Table = new InMemoryProcessTable(capacity, timeProvider);
        EventBus = new InMemoryGlobalEventBus(Table);
        StateStore = new InMemoryProcessStateStore(timeProvider);
        Launcher = new InMemoryProcessLauncher(timeProvider);
    }

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the process table.</summary>
    public InMemoryProcessTable Table { get; }

    /// <summary>Gets the event bus over <see cref="Table"/>.</summary>
    public InMemoryGlobalEventBus EventBus { get; }

    /// <summary>Gets the state folders.</summary>
    public InMemoryProcessStateStore StateStore { get; }

    /// <summary>Gets the launcher of fake processes.</summary>
    public InMemoryProcessLauncher Launcher { get; }

    /// <summary>Attaches a fake process to Wtt as its code would at start-up.</summary>
    /// <param name="process">The process; its row must be in <see cref="Table"/>.</param>
    /// <param name="heartbeatOptions">The heartbeat monitor's options; <see langword="null"/> for the defaults.</param>
    /// <returns>The context; disposing the machine disposes it too.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>: the table has no row for the process.</exception>
    public WttProcessContext AttachContext(InMemoryProcess process, HeartbeatMonitorOptions? heartbeatOptions = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        var context = new WttProcessContext(process.Id, Table, EventBus, StateStore, TimeProvider, heartbeatOptions);
        lock (gate)
        {
            contexts.Add(context);
        }

        return context;
    }

    /// <summary>Detaches every context attached through the machine and closes the table.</summary>
    /// <returns>A task that completes when they are detached.</returns>
    public async ValueTask DisposeAsync()
    {
        WttProcessContext[] attached;
        lock (gate)
        {
            attached = [.. contexts];
            contexts.Clear();
        }

        foreach (var context in attached)
        {
            await context.DisposeAsync().ConfigureAwait(false);
        }

        await Table.DisposeAsync().ConfigureAwait(false);
    }
}
