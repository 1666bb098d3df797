// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Questions about a <see cref="ProcessStatus"/>.</summary>
public static class ProcessStatusExtensions
{
    /// <summary>Tells whether a process in <paramref name="status"/> has ended for good.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for <see cref="ProcessStatus.Exited"/>, <see cref="ProcessStatus.Terminated"/> and <see cref="ProcessStatus.NotActive"/>.</returns>
    public static bool IsEnded(this ProcessStatus status)
        => status is ProcessStatus.Exited or ProcessStatus.Terminated or ProcessStatus.NotActive;

    /// <summary>Tells whether a process in <paramref name="status"/> has reported initialisation at some point and not ended.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for <see cref="ProcessStatus.Initialized"/>.</returns>
    public static bool IsInitialized(this ProcessStatus status) => status == ProcessStatus.Initialized;
}
