// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Events;
using Wtt.Core.Inspection;

namespace Wtt.Core;

/// <summary>
/// A Wtt-based program's attachment to its machine: one call at start-up gives the <see cref="IWttProcessContext"/>
/// (identity, heartbeats, initialisation, events, logs, variations).
/// </summary>
/// <remarks>
/// A program started through Wtt reads its identity from its environment (<see cref="WttEnvironment"/>);
/// one started by hand registers itself with a new id. Disposing detaches and unmaps the table; a process that
/// registered itself also marks its row exited then, since no creator is there to record its end. Thread-safe.
/// </remarks>
public sealed class WttProcess : IWttProcessContext
{
    private readonly WttProcessContext context;
    private readonly SharedMemoryProcessTable table;
    private readonly TableEventBus events;

    private WttProcess(WttProcessContext context, SharedMemoryProcessTable table, TableEventBus events, bool selfRegistered)
    {
        this.context = context;
        this.table = table;
        this.events = events;
        IsSelfRegistered = selfRegistered;
    }

    /// <inheritdoc/>
    public WttProcessId Id => context.Id;

    /// <summary>Gets a value indicating whether this process registered itself (it was started by hand, not through Wtt).</summary>
    public bool IsSelfRegistered { get; }

    /// <inheritdoc/>
    public WttProcessId ParentId => context.ParentId;

    /// <inheritdoc/>
    public WttProcessId GroupId => context.GroupId;

    /// <inheritdoc/>
    public CancellationToken ShutdownToken => context.ShutdownToken;

    /// <inheritdoc/>
    public IHeartbeatMonitor Heartbeats => context.Heartbeats;

    /// <summary>Attaches the calling program.</summary>
    /// <param name="options">Where the machine's files are; <see langword="null"/> to read them from the environment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The attachment; dispose it before exiting.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.TableIncompatible"/>, <see cref="WttErrorCode.AccessDenied"/>, <see cref="WttErrorCode.TableFull"/>.</exception>
    public static ValueTask<WttProcess> AttachAsync(WttProcessAttachOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        options ??= new WttProcessAttachOptions();
        var tableFolder = options.TableFolder ?? Environment.GetEnvironmentVariable(WttEnvironment.TableFolder) ?? SharedMemoryProcessTableOptions.DefaultTableFolder;
        var stateFolder = options.StateFolder ?? Environment.GetEnvironmentVariable(WttEnvironment.StateFolder) ?? WttDefaultFolders.ResolveStateFolder(tableFolder, null, WttDefaultFolders.StateFolder);
        var table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = tableFolder }, options.Time);
        try
        {
            var (id, selfRegistered) = RowOfThisProcess(table, options.Time);
            var state = new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = stateFolder, DocumentVersions = table }, options.Time);
            var events = new TableEventBus(table, Path.Combine(stateFolder, "events"));
            var context = new WttProcessContext(id, table, events, state, options.Time, options.Heartbeats);
            var log = options.Log;
            context.Heartbeats.ThreadStuck += (_, thread) => log(
                $"wtt: thread '{thread.Name}' of process {id} has not beaten for {thread.HeartbeatTimeout}"
                + (thread.Comments.Count > 0 ? $" (doing: {string.Join(" > ", thread.Comments)})" : string.Empty)
                + "; the process is marked as needing assistance and its heartbeat stops.");
            return ValueTask.FromResult(new WttProcess(context, table, events, selfRegistered));
        }
        catch
        {
            table.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask ReportInitializedAsync(CancellationToken cancellationToken = default) => context.ReportInitializedAsync(cancellationToken);

    /// <inheritdoc/>
    public IThreadHeartbeat RegisterThread(string name, TimeSpan? timeout = null) => context.RegisterThread(name, timeout);

    /// <inheritdoc/>
    public ValueTask RecordVariationAsync(VariationRecord variation, CancellationToken cancellationToken = default) => context.RecordVariationAsync(variation, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<LogFileInfo> RegisterLogFileAsync(string path, string? name = null, CancellationToken cancellationToken = default)
        => context.RegisterLogFileAsync(Path.GetFullPath(path), name, cancellationToken);

    /// <inheritdoc/>
    public IDisposable OnEvent(string eventName, Func<WttSignal, CancellationToken, ValueTask> handler) => context.OnEvent(eventName, handler);

    /// <summary>
    /// Stops the heartbeat monitor and the event loop and unmaps the table. The row stays for the creator, or, when
    /// <see cref="IsSelfRegistered"/>, is marked exited with code 0 unless it has ended already.
    /// </summary>
    /// <returns>A task that completes when detached.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await context.DisposeAsync().ConfigureAwait(false);
            if (IsSelfRegistered && table.TryGet(Id, out _))
            {
                table.Update(Id, r => r.Status.IsEnded() ? r : r with { Status = ProcessStatus.Exited, ExitCode = 0 });
            }
        }
        finally
        {
            events.Dispose();
            await table.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static (WttProcessId Id, bool SelfRegistered) RowOfThisProcess(SharedMemoryProcessTable table, TimeProvider time)
    {
        if (WttProcessId.TryParse(Environment.GetEnvironmentVariable(WttEnvironment.ProcessId), null, out var id) && table.TryGet(id, out _))
        {
            return (id, false);
        }

        // Started by hand (or the creator's row is gone): register this process itself.
        id = id.IsNil ? WttProcessId.New() : id;
        WttProcessId.TryParse(Environment.GetEnvironmentVariable(WttEnvironment.ParentId), null, out var parent);
        WttProcessId.TryParse(Environment.GetEnvironmentVariable(WttEnvironment.GroupId), null, out var group);
        table.Add(new ProcessRecord(id)
        {
            ParentId = parent,
            GroupId = group,
            Kind = ProcessKind.WttBased,
            Status = ProcessStatus.Running,
            Pid = Environment.ProcessId,
            ProcessStartTime = ProcFs.ReadStartTime(Environment.ProcessId),
            CreatedAt = time.GetUtcNow(),
        });
        return (id, true);
    }
}
