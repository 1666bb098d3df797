// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>What became of a signal or terminate request for one process of a set.</summary>
public enum SignalOutcome
{
    /// <summary>The event was queued for the Wtt-based process (or the polite signal sent to the plain one); for <see cref="WttSignal.Terminate"/>, the tree was killed.</summary>
    Delivered = 0,

    /// <summary>The process had already ended; nothing was sent.</summary>
    AlreadyExited = 1,

    /// <summary>The process stopped by itself within the grace period.</summary>
    StoppedCleanly = 2,

    /// <summary>The process (and its whole OS tree) was killed after the grace period.</summary>
    Killed = 3,

    /// <summary>The process's machine could not be reached.</summary>
    Unreachable = 4,

    /// <summary>The polite signal was not sent to the plain process because the options asked for none.</summary>
    NotSent = 5,

    /// <summary>
    /// Nothing was sent: the process is the one serving the call (the agent, or the local client's own process),
    /// one of its ancestors, or pid 1, which the machine's Wtt never stops, signals or kills. Stop such a process
    /// by other means (its service manager, or a call to another machine's agent).
    /// </summary>
    Refused = 6,
}
