// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core;

/// <summary>
/// What a Wtt-based process uses about itself, composed from the machine's table, event bus and state
/// folders: initialisation, heartbeats (a <see cref="HeartbeatMonitor"/>), variations, log files, the
/// shutdown token and event handlers.
/// </summary>
/// <remarks>
/// Thread-safe. A background loop receives the process's events and runs their handlers one at a time, in
/// the order sent; <see cref="WttSignal.Shutdown"/> first cancels <see cref="ShutdownToken"/>. An event with
/// no handler yet is held and delivered when a handler of its name is registered (so a program may attach,
/// then register its handlers, without losing what was sent meanwhile); past <see cref="MaxHeldEvents"/> held,
/// it is dropped and counted (<see cref="DroppedEventCount"/>, <see cref="EventDropped"/>). The
/// threads and their comments are written to the state document after each monitor tick that changed them.
/// </remarks>
public sealed partial class WttProcessContext : IWttProcessContext
{
    private readonly IProcessTable table;
    private readonly IGlobalEventBus eventBus;
    private readonly IProcessStateStore stateStore;
    private readonly HeartbeatMonitor monitor;
    private readonly CancellationTokenSource shutdown = new();
    private readonly CancellationTokenSource stopping = new();
    private int disposed;

    /// <summary>Initializes the context of a process whose row is in the table, and starts its monitor and event loop.</summary>
    /// <param name="id">The process (its row gives the parent and the group).</param>
    /// <param name="table">The machine's table.</param>
    /// <param name="eventBus">The machine's event bus.</param>
    /// <param name="stateStore">The machine's state folders.</param>
    /// <param name="timeProvider">The clock of heartbeats (a <c>FakeTimeProvider</c> in tests).</param>
    /// <param name="heartbeatOptions">The heartbeat monitor's options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/> (a nil id, bad options), <see cref="WttErrorCode.UnknownProcess"/> (no row).</exception>
    public WttProcessContext(WttProcessId id, IProcessTable table, IGlobalEventBus eventBus, IProcessStateStore stateStore, TimeProvider timeProvider, HeartbeatMonitorOptions? heartbeatOptions = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(eventBus);
        ArgumentNullException.ThrowIfNull(stateStore);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (id.IsNil)
        {
            throw WttException.InvalidArgument("The process id is nil; pass the id of the process's row (WTT_PROCESS_ID).");
        }

        if (!table.TryGet(id, out var record))
        {
            throw WttException.UnknownProcess(id);
        }

        this.table = table;
        this.eventBus = eventBus;
        this.stateStore = stateStore;
        Id = id;
        ParentId = record.ParentId;
        GroupId = record.GroupId;
        monitor = new HeartbeatMonitor(table, id, timeProvider, heartbeatOptions);
        monitor.Ticked += OnTicked;
        var token = stopping.Token;
        Completion = Task.Run(() => RunEventLoopAsync(token), CancellationToken.None);
    }

    /// <inheritdoc/>
    public WttProcessId Id { get; }

    /// <inheritdoc/>
    public WttProcessId ParentId { get; }

    /// <inheritdoc/>
    public WttProcessId GroupId { get; }

    /// <inheritdoc/>
    public CancellationToken ShutdownToken => shutdown.Token;

    /// <inheritdoc/>
    public IHeartbeatMonitor Heartbeats => monitor;

    /// <summary>Gets the heartbeat monitor with its concrete members.</summary>
    public HeartbeatMonitor Monitor => monitor;

    /// <summary>Gets the event loop: it completes when the context is disposed.</summary>
    public Task Completion { get; }

    /// <inheritdoc/>
    /// <remarks>While a thread is stuck the row stays marked; it reads <see cref="ProcessStatus.Initialized"/> once the thread recovers.</remarks>
    public async ValueTask ReportInitializedAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        monitor.SetProcessStatus(ProcessStatus.Initialized);
        await stateStore.UpdateAsync(Id, d => d with { LastStatus = ProcessStatus.Initialized }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public IThreadHeartbeat RegisterThread(string name, TimeSpan? timeout = null) => monitor.RegisterThread(name, timeout);

    /// <summary>Detaches: stops the event loop and the monitor, and leaves the row for the creator to close.</summary>
    /// <remarks>A handler that is running is let finish first.</remarks>
    /// <returns>A task that completes when the loop and the last thread publication have ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        monitor.Ticked -= OnTicked;
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loop's failure (for example, the row was removed) does not stop the detach.
        }

        await monitor.DisposeAsync().ConfigureAwait(false);
        await PendingPublish.ConfigureAwait(false);
        stopping.Dispose();
    }
}
