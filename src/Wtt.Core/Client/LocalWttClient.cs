// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using Wtt.Core.Inspection;

namespace Wtt.Core;

/// <summary>
/// The engine behind <see cref="IWttClient"/>: serves this machine's processes through its process table,
/// launcher, event bus and state folders, and routes calls about other machines to an <see cref="IMachineConnector"/>.
/// </summary>
/// <remarks>
/// The same engine runs over the shared-memory table and the real launcher in production, and over the
/// in-memory doubles in unit tests, so both behave alike. Thread-safe. Disposing stops watching the
/// processes this client created; it does not stop them.
/// </remarks>
public sealed partial class LocalWttClient : IWttClient, IAsyncDisposable
{
    private readonly IProcessTable table;
    private readonly IProcessLauncher launcher;
    private readonly IGlobalEventBus events;
    private readonly IProcessStateStore state;
    private readonly TimeProvider time;
    private readonly LocalWttClientOptions options;
    private readonly IMachineConnector? connector;
    private readonly ConcurrentDictionary<WttProcessId, TrackedProcess> tracked;
    private readonly CancellationTokenSource disposing;
    private readonly bool ownsEngine;

    /// <summary>The main threads' stat files of the plain processes whose info was read, kept open.</summary>
    private readonly MainThreadStatFiles mainThreads;

    /// <summary>Initializes a client over this machine's parts.</summary>
    /// <param name="table">This machine's process table.</param>
    /// <param name="launcher">Starts OS processes.</param>
    /// <param name="events">Delivers events to Wtt-based processes.</param>
    /// <param name="state">This machine's state folders.</param>
    /// <param name="time">The clock every wait and age is judged by.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <param name="connector">Reaches other machines; <see langword="null"/> when this client serves only this machine.</param>
    public LocalWttClient(
        IProcessTable table,
        IProcessLauncher launcher,
        IGlobalEventBus events,
        IProcessStateStore state,
        TimeProvider time,
        LocalWttClientOptions? options = null,
        IMachineConnector? connector = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(time);
        this.table = table;
        this.launcher = launcher;
        this.events = events;
        this.state = state;
        this.time = time;
        this.options = options ?? new LocalWttClientOptions();
        this.connector = connector;
        tracked = new();
        disposing = new();
        mainThreads = new();
        ownsEngine = true;
    }

    private LocalWttClient(LocalWttClient engine, LocalWttClientOptions options)
    {
        table = engine.table;
        launcher = engine.launcher;
        events = engine.events;
        state = engine.state;
        time = engine.time;
        connector = engine.connector;
        tracked = engine.tracked;
        disposing = engine.disposing;
        mainThreads = engine.mainThreads;
        this.options = options;
    }

    /// <inheritdoc/>
    public string MachineName => options.MachineName;

    /// <summary>Gets the table this client serves.</summary>
    public IProcessTable Table => table;

    /// <summary>
    /// Makes a client over the same engine (table, launcher, watchers) that acts for another caller of this machine:
    /// <see cref="IWttClient.GetCurrentProcessInfoAsync"/> answers for <paramref name="self"/>, and processes created
    /// without a parent become its children only when <paramref name="adoptsCreatedProcesses"/> is set. An agent
    /// serves remote callers through such a view.
    /// </summary>
    /// <param name="self">The caller's id, or <see cref="WttProcessId.Nil"/>.</param>
    /// <param name="adoptsCreatedProcesses">Whether what the caller creates without a parent becomes the caller's child.</param>
    /// <returns>The view; disposing it does nothing, disposing this client ends both.</returns>
    public LocalWttClient ForCaller(WttProcessId self, bool adoptsCreatedProcesses = true)
    {
        var copy = options.Copy();
        copy.SelfId = self;
        copy.AdoptsCreatedProcesses = adoptsCreatedProcesses;
        return new LocalWttClient(this, copy);
    }

    /// <summary>Stops watching the processes this client created and ends its tails. The processes keep running.</summary>
    /// <returns>A task that completes when the watchers have stopped.</returns>
    /// <remarks>A view made by <see cref="ForCaller"/> leaves the engine running.</remarks>
    public async ValueTask DisposeAsync()
    {
        if (!ownsEngine || disposing.IsCancellationRequested)
        {
            return;
        }

        await disposing.CancelAsync().ConfigureAwait(false);
        foreach (var process in tracked.Values)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        tracked.Clear();
        mainThreads.Dispose();
    }

    /// <summary>Tells whether this engine launched the process and records its end itself.</summary>
    /// <param name="id">The process.</param>
    /// <returns><see langword="true"/> when it is tracked here.</returns>
    internal bool LaunchedHere(WttProcessId id) => tracked.ContainsKey(id);

    private bool IsLocal(string? machine)
        => string.IsNullOrEmpty(machine)
            || string.Equals(machine, options.MachineName, StringComparison.OrdinalIgnoreCase)
            || (connector?.IsLocal(machine) ?? false);

    private async ValueTask<IWttClient> RemoteAsync(string machine, CancellationToken cancellationToken)
    {
        if (connector is null)
        {
            throw new WttException(
                WttErrorCode.MachineUnreachable,
                $"Machine '{machine}' is not this machine ('{options.MachineName}') and this client has no machine connector; configure the machines with AddWttClient, or pass a connector to LocalWttClient.",
                machine: machine);
        }

        return await connector.GetClientAsync(machine, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells whether a remote failure means the machine's members are unreachable (an outcome per process), not a failed call.</summary>
    private static bool IsUnreachable(WttException error)
        => error.ErrorCode is WttErrorCode.MachineUnreachable or WttErrorCode.AgentRestarted;

    private void ThrowIfDisposed()
        => ObjectDisposedException.ThrowIf(disposing.IsCancellationRequested, this);
}
