// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>The status a wait waits for.</summary>
public enum WaitTarget
{
    /// <summary>The process reported initialisation (a plain process counts as initialised once it runs).</summary>
    Initialized = 0,

    /// <summary>The process ended (exited, was terminated, or is no longer active).</summary>
    Exited = 1,
}
