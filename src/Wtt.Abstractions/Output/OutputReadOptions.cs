// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>How <see cref="IWttClient.ReadOutputAsync"/> reads a process's captured console output.</summary>
public sealed record OutputReadOptions
{
    /// <summary>Gets the options that read all captured output and follow it until the process ends.</summary>
    public static OutputReadOptions Default { get; } = new();

    /// <summary>Gets whether to follow new output until the process ends; <see langword="false"/> reads what is captured and stops.</summary>
    /// <value><see langword="true"/>.</value>
    public bool Follow { get; init; } = true;

    /// <summary>Gets whether standard error is included.</summary>
    /// <value><see langword="true"/>.</value>
    public bool IncludeStandardError { get; init; } = true;
}
