// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Which processes <see cref="IWttClient.GetProcessListAsync"/> lists.</summary>
public sealed record ProcessListOptions
{
    /// <summary>Gets the options that list every row of this machine's table.</summary>
    public static ProcessListOptions All { get; } = new();

    /// <summary>Gets the machine whose table to list; <see langword="null"/> for this machine.</summary>
    public string? Machine { get; init; }

    /// <summary>
    /// Gets whether rows of processes that run on other machines are refreshed from those machines.
    /// Rows of machines that cannot be reached are marked <see cref="ProcessStatus.Unreachable"/>; the list never fails for them.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool ResolveRemote { get; init; }

    /// <summary>Gets a tree or group to keep; <see langword="null"/> keeps every row.</summary>
    public ProcessSet? Filter { get; init; }

    /// <summary>Gets whether threads, logs and variations are read from the state folders.</summary>
    /// <value><see langword="false"/>: the rows only.</value>
    public bool IncludeDetails { get; init; }
}
