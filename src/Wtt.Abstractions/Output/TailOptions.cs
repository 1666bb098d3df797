// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Which log <see cref="IWttClient.TailLogAsync"/> reads, from where, and whether it follows.</summary>
public sealed record TailOptions
{
    /// <summary>Gets the options that read the first registered log whole and follow it.</summary>
    public static TailOptions Default { get; } = new();

    /// <summary>Gets the registered name (or path) of the log; <see langword="null"/> for the first registered log.</summary>
    public string? LogName { get; init; }

    /// <summary>Gets where to start.</summary>
    /// <value><see cref="TailStart.Beginning"/>.</value>
    public TailStart Start { get; init; }

    /// <summary>Gets the offset or byte count that <see cref="Start"/> uses.</summary>
    public long Offset { get; init; }

    /// <summary>
    /// Gets whether to follow appends, truncation and rotation until the process ends (and the rest is
    /// read), the token is cancelled or the handle disposed; <see langword="false"/> reads what is there and stops.
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool Follow { get; init; } = true;

    /// <summary>Checks the options.</summary>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a negative offset or an unknown start.</exception>
    public void Validate()
    {
        if (Offset < 0 || !Enum.IsDefined(Start))
        {
            throw WttException.InvalidArgument($"TailOptions has Start {Start} and Offset {Offset}; give a named TailStart and an offset of zero or more.");
        }
    }
}
