// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>How a process is detached from its creator.</summary>
[Flags]
public enum ProcessCreationFlags
{
    /// <summary>Inherit the creator's session and process group.</summary>
    None = 0,

    /// <summary>Start the process in a new session (<c>setsid</c>; a new console on Windows).</summary>
    NewSession = 1,

    /// <summary>Start the process in a new process group.</summary>
    NewProcessGroup = 2,

    /// <summary>Detach the process from the creator's terminal and standard streams.</summary>
    Detached = 4,
}
