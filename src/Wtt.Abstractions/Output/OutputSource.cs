// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Where a chunk of output came from.</summary>
public enum OutputSource
{
    /// <summary>The process's standard output.</summary>
    StandardOutput = 0,

    /// <summary>The process's standard error.</summary>
    StandardError = 1,

    /// <summary>A registered log file.</summary>
    Log = 2,
}
