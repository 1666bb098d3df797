// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt;

/// <summary>How <see cref="IWttClient.TerminateAsync"/> stops a set: politely first, then by force.</summary>
public sealed record TerminateOptions
{
    /// <summary>Gets the default options: a 10-second grace period and SIGTERM for plain processes.</summary>
    public static TerminateOptions Default { get; } = new();

    /// <summary>
    /// Gets how long to wait after the controlled stop before killing what is left of each tree;
    /// <see cref="TimeSpan.Zero"/> kills at once, <see cref="Timeout.InfiniteTimeSpan"/> never kills.
    /// </summary>
    /// <value>10 seconds.</value>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the polite signal sent to plain processes; <see langword="null"/> sends none.</summary>
    /// <value><see cref="PosixSignal.SIGTERM"/>.</value>
    public PosixSignal? PoliteSignal { get; init; } = PosixSignal.SIGTERM;

    /// <summary>Checks the options.</summary>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a negative, non-infinite grace period.</exception>
    public void Validate() => WttTimeouts.ValidateTimeout(GracePeriod, nameof(GracePeriod));
}
