// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Where one process of a wait stands when the wait returns.</summary>
public enum WaitEntryOutcome
{
    /// <summary>The process reached the target status.</summary>
    Reached = 0,

    /// <summary>The process had not reached the target when the wait returned.</summary>
    StillWaiting = 1,

    /// <summary>The process stopped beating for longer than the debug timeout, or broke into a debugger.</summary>
    DebugBreak = 2,

    /// <summary>The process ended before it reached the target.</summary>
    ExitedEarly = 3,

    /// <summary>The process's machine could not be reached.</summary>
    Unreachable = 4,
}
