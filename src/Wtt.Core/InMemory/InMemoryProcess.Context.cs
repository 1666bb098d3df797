// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core;

/// <content>The Wtt context of a Wtt-based fake process.</content>
public sealed partial class InMemoryProcess
{
    /// <summary>
    /// Attaches the process to Wtt as its code would at start-up: a context over the given table, event bus
    /// and state store, for this process's id, timed by the launcher's clock.
    /// </summary>
    /// <param name="table">The machine's table; it must hold this process's row.</param>
    /// <param name="eventBus">The machine's event bus.</param>
    /// <param name="stateStore">The machine's state folders.</param>
    /// <param name="heartbeatOptions">The heartbeat monitor's options; <see langword="null"/> for the defaults.</param>
    /// <returns>The context; dispose it to detach.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>: the table has no row for this process.</exception>
    public WttProcessContext AttachContext(IProcessTable table, IGlobalEventBus eventBus, IProcessStateStore stateStore, HeartbeatMonitorOptions? heartbeatOptions = null)
        => new(Id, table, eventBus, stateStore, timeProvider, heartbeatOptions);
}
