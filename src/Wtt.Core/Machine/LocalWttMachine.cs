// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Events;

namespace Wtt.Core;

/// <summary>
/// This machine's Wtt, composed: the shared-memory process table, the state folders, the event bus over
/// the table, the real launcher, and the <see cref="LocalWttClient"/> engine over them.
/// </summary>
/// <remarks>
/// Opening reconciles rows whose processes are gone and cleans state folders past their retention (at most once an hour per machine).
/// While open, the machine watches the rows of processes it did not launch and ends those whose process is gone (see <see cref="TableSweeper"/>). Thread-safe.
/// </remarks>
public sealed class LocalWttMachine : IAsyncDisposable
{
    /// <summary>How often the state folders are cleaned, by whichever machine on this computer opens first after that.</summary>
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromHours(1);

    private readonly TableSweeper sweeper;
    private readonly TableEventBus events;
    private readonly CancellationTokenSource cleanupStop;
    private readonly Task cleanup;
    private int disposed;

    private LocalWttMachine(LocalWttMachineOptions options, SharedMemoryProcessTable table, FolderProcessStateStore state, TableEventBus events, IProcessLauncher launcher, LocalWttClient client, TableSweeper sweeper, CancellationTokenSource cleanupStop, Task cleanup)
    {
        this.sweeper = sweeper;
        this.cleanupStop = cleanupStop;
        this.cleanup = cleanup;
        this.events = events;
        Options = options;
        Table = table;
        State = state;
        Events = events;
        Launcher = launcher;
        Client = client;
    }

    /// <summary>Gets the options the machine was opened with.</summary>
    public LocalWttMachineOptions Options { get; }

    /// <summary>Gets the process table.</summary>
    public SharedMemoryProcessTable Table { get; }

    /// <summary>Gets the state folders.</summary>
    public FolderProcessStateStore State { get; }

    /// <summary>Gets the event bus.</summary>
    public IGlobalEventBus Events { get; }

    /// <summary>Gets the launcher.</summary>
    public IProcessLauncher Launcher { get; }

    /// <summary>Gets the client.</summary>
    public LocalWttClient Client { get; }

    /// <summary>Gets the state cleanup started by <see cref="Open"/> (completed when none was due); disposing waits for it.</summary>
    internal Task Cleanup => cleanup;

    /// <summary>Opens (or creates) the machine's table and folders and builds the client.</summary>
    /// <param name="options">Where the files live; <see langword="null"/> for the defaults.</param>
    /// <param name="time">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="connector">Reaches other machines; <see langword="null"/> for this machine only.</param>
    /// <returns>The machine.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.TableIncompatible"/>, <see cref="WttErrorCode.AccessDenied"/>, <see cref="WttErrorCode.InvalidArgument"/>.</exception>
    public static LocalWttMachine Open(LocalWttMachineOptions? options = null, TimeProvider? time = null, IMachineConnector? connector = null)
    {
        options ??= new LocalWttMachineOptions();
        time ??= TimeProvider.System;
        var table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = options.TableFolder, Capacity = options.Capacity }, time);
        var cleanupStop = new CancellationTokenSource();
        var cleanup = Task.CompletedTask;
        try
        {
            table.Reconcile();
            var state = new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = options.ResolvedStateFolder, Retention = options.StateRetention, InTable = id => table.TryGet(id, out _), DocumentVersions = table }, time);
            var events = new TableEventBus(table, Path.Combine(options.ResolvedStateFolder, "events"));
            var launcher = DefaultProcessLauncher.Create(options.Launcher, time);
            options.Client.ChildVariables[WttEnvironment.TableFolder] = Path.GetFullPath(options.TableFolder);
            options.Client.ChildVariables[WttEnvironment.StateFolder] = Path.GetFullPath(options.ResolvedStateFolder);
            var client = new LocalWttClient(table, launcher, events, state, time, options.Client, connector);
            cleanup = state.StartCleanupIfDue(CleanupInterval, cleanupStop.Token);
            var sweeper = TableSweeper.Start(table, client.LaunchedHere, options.SweepInterval, options.EndGrace, time);
            return new LocalWttMachine(options, table, state, events, launcher, client, sweeper, cleanupStop, cleanup);
        }
        catch
        {
            // The cleanup reads the table (is a folder's process still in it?): it ends before the table is unmapped.
            cleanupStop.Cancel();
            cleanup.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
            cleanupStop.Dispose();
            table.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Stops the client's watchers and unmaps the table; processes keep running.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // A state cleanup still running reads the table: it ends before the table is unmapped.
        await cleanupStop.CancelAsync().ConfigureAwait(false);
        await cleanup.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cleanupStop.Dispose();
        sweeper.Dispose();
        await Client.DisposeAsync().ConfigureAwait(false);
        events.Dispose();
        await Table.DisposeAsync().ConfigureAwait(false);
    }
}
