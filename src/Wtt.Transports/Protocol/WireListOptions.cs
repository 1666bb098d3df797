// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Protocol;

/// <summary>A <see cref="ProcessListOptions"/> on the wire.</summary>
internal sealed record WireListOptions
{
    /// <summary>Gets the machine whose table to list; <see langword="null"/> for the agent's.</summary>
    public string? Machine { get; init; }

    /// <summary>Gets whether remote rows are refreshed.</summary>
    public bool ResolveRemote { get; init; }

    /// <summary>Gets the tree or group to keep.</summary>
    public WireSet? Filter { get; init; }

    /// <summary>Gets whether details are read.</summary>
    public bool IncludeDetails { get; init; }
}
