// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core;

/// <summary>
/// A whole Wtt machine in memory for unit tests: the real <see cref="LocalWttClient"/> engine over an
/// in-memory table, launcher, event bus and state store, with time from the test's <see cref="TimeProvider"/>.
/// No process is started, no thread sleeps, no socket opens.
/// </summary>
/// <remarks>
/// The test plays the processes: subscribe to <see cref="InMemoryProcessLauncher.ProcessStarted"/> on
/// <see cref="Launcher"/> (or await <see cref="InMemoryProcessLauncher.WaitForStartAsync(WttProcessId, CancellationToken)"/>),
/// then drive each <see cref="InMemoryProcess"/>: write output, <see cref="Attach"/> a Wtt context to report
/// initialisation and beat, exit. Thread-safe.
/// </remarks>
public sealed class InMemoryWttMachine : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly List<WttProcessContext> contexts = [];

    /// <summary>Initializes a machine named <paramref name="machineName"/> timed by <paramref name="time"/>.</summary>
    /// <param name="time">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>. Pass a FakeTimeProvider to control it.</param>
    /// <param name="machineName">The machine's name.</param>
    /// <param name="heartbeatOptions">The monitor settings of attached processes; <see langword="null"/> for the defaults.</param>
    /// <param name="capacity">The number of rows of the table.</param>
    public InMemoryWttMachine(TimeProvider? time = null, string machineName = "memory", HeartbeatMonitorOptions? heartbeatOptions = null, int capacity = InMemoryProcessTable.DefaultCapacity)
    {
        Time = time ?? TimeProvider.System;
        HeartbeatOptions = heartbeatOptions ?? new HeartbeatMonitorOptions();
        Table = new InMemoryProcessTable(capacity, Time);
        Events = new InMemoryGlobalEventBus(Table);
        State = new InMemoryProcessStateStore(Time);
        Launcher = new InMemoryProcessLauncher(Time);
        Client = new LocalWttClient(Table, Launcher, Events, State, Time, new LocalWttClientOptions
        {
            MachineName = machineName,
            SelfId = WttProcessId.Nil,
            InspectOsProcesses = false,
        });
    }

    /// <summary>Gets the clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets the monitor settings of attached processes.</summary>
    public HeartbeatMonitorOptions HeartbeatOptions { get; }

    /// <summary>Gets the table.</summary>
    public InMemoryProcessTable Table { get; }

    /// <summary>Gets the event bus.</summary>
    public InMemoryGlobalEventBus Events { get; }

    /// <summary>Gets the state store.</summary>
    public InMemoryProcessStateStore State { get; }

    /// <summary>Gets the launcher whose fake processes the test drives.</summary>
    public InMemoryProcessLauncher Launcher { get; }

    /// <summary>Gets the client: the code under test calls it as it would a real one.</summary>
    public LocalWttClient Client { get; }

    /// <summary>Attaches a Wtt context to a fake process, as a Wtt-based program does at start-up.</summary>
    /// <param name="process">The fake process.</param>
    /// <returns>The context; dispose it to detach (disposing this machine detaches it too).</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>: the table has no row for the process.</exception>
    public WttProcessContext Attach(InMemoryProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var context = process.AttachContext(Table, Events, State, HeartbeatOptions);
        lock (gate)
        {
            contexts.Add(context);
        }

        return context;
    }

    /// <summary>Detaches every attached context, stops the client's watchers and closes the table.</summary>
    /// <returns>A task that completes when done.</returns>
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

        await Client.DisposeAsync().ConfigureAwait(false);
        await Table.DisposeAsync().ConfigureAwait(false);
    }
}
