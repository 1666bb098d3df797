// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>
/// What a Wtt-based process uses about itself: its identity, reporting initialisation, heartbeats with
/// comment stacks, variations, log files, a shutdown token and handlers for user-defined events.
/// </summary>
/// <remarks>Thread-safe. Disposing detaches: the monitor stops and the row is left for the creator to close.</remarks>
public interface IWttProcessContext : IAsyncDisposable
{
    /// <summary>Gets this process's id.</summary>
    WttProcessId Id { get; }

    /// <summary>Gets the parent's id, or nil.</summary>
    WttProcessId ParentId { get; }

    /// <summary>Gets the group's id, or nil.</summary>
    WttProcessId GroupId { get; }

    /// <summary>Gets a token cancelled when <see cref="WttSignal.Shutdown"/> arrives: clean up, report, and exit.</summary>
    CancellationToken ShutdownToken { get; }

    /// <summary>Gets the heartbeat monitor of this process.</summary>
    IHeartbeatMonitor Heartbeats { get; }

    /// <summary>Reports that the process is initialised; waits for <see cref="WaitTarget.Initialized"/> then return.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the row says so.</returns>
    ValueTask ReportInitializedAsync(CancellationToken cancellationToken = default);

    /// <summary>Registers a thread that must beat; shorthand for <see cref="IHeartbeatMonitor.RegisterThread"/>.</summary>
    /// <param name="name">The thread's name.</param>
    /// <param name="timeout">How long it may go between beats; <see langword="null"/> for the default.</param>
    /// <returns>Its heartbeat; dispose it to unregister.</returns>
    IThreadHeartbeat RegisterThread(string name, TimeSpan? timeout = null);

    /// <summary>Records a completed variation in the state folder.</summary>
    /// <param name="variation">The variation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when it is recorded.</returns>
    ValueTask RecordVariationAsync(VariationRecord variation, CancellationToken cancellationToken = default);

    /// <summary>Registers a log file so callers on any machine may tail it.</summary>
    /// <param name="path">The file's path (it need not exist yet).</param>
    /// <param name="name">The name callers ask for; <see langword="null"/> for the file name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The registration.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: an empty path, or a name already used for another file.</exception>
    ValueTask<LogFileInfo> RegisterLogFileAsync(string path, string? name = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Handles a user-defined event. An event that arrives before any handler of its name is registered is held
    /// and delivered to the first one registered, before later events of that name; the engine holds a bounded
    /// number (1,024 per process) and drops what comes past it.
    /// </summary>
    /// <param name="eventName">The event's name.</param>
    /// <param name="handler">Called, one event at a time and in the order sent, with the event and the shutdown token.</param>
    /// <returns>A registration; dispose it to stop handling.</returns>
    IDisposable OnEvent(string eventName, Func<WttSignal, CancellationToken, ValueTask> handler);
}
