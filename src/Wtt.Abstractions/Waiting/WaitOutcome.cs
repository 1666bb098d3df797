// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>The summary of a wait.</summary>
public enum WaitOutcome
{
    /// <summary>The wait was satisfied (all or any reached the target).</summary>
    Satisfied = 0,

    /// <summary>The timeout passed first.</summary>
    TimedOut = 1,

    /// <summary>A Wtt-based process stopped beating for longer than its debug timeout, or broke into a debugger.</summary>
    DebugBreak = 2,

    /// <summary>A process ended before it reached <see cref="WaitTarget.Initialized"/>, so the wait can never be satisfied.</summary>
    ExitedEarly = 3,

    /// <summary>A process's machine could not be reached.</summary>
    Unreachable = 4,
}
