// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Where a process is in its life, as its machine's table records it.</summary>
/// <remarks>The numeric values are stored in the table and sent on the wire; never renumber a member.</remarks>
public enum ProcessStatus
{
    /// <summary>No status is known.</summary>
    Unknown = 0,

    /// <summary>The row exists and the process is being started.</summary>
    Created = 1,

    /// <summary>The process runs and has not reported initialisation (plain processes stay here until they exit).</summary>
    Running = 2,

    /// <summary>The Wtt-based process reported that it is initialised.</summary>
    Initialized = 3,

    /// <summary>A thread of the process stopped beating; the process needs someone to look at it.</summary>
    NeedsAssistance = 4,

    /// <summary>The process broke into a debugger, or its heartbeat stopped for longer than its debug timeout.</summary>
    DebugBreak = 5,

    /// <summary>The process exited by itself; its exit code is known.</summary>
    Exited = 6,

    /// <summary>The process was killed (by Wtt's forced kill, or by a signal).</summary>
    Terminated = 7,

    /// <summary>The process is gone from the table but its state folder remains, or its end is not known.</summary>
    NotActive = 8,

    /// <summary>The process runs on a machine that could not be reached.</summary>
    Unreachable = 9,
}
