// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt;

/// <summary>An OS process a launcher started, owned by whoever started it.</summary>
/// <remarks>Thread-safe. Disposing releases the launcher's resources (pidfd, pipes); it does not kill the process.</remarks>
public interface ILaunchedProcess : IAsyncDisposable
{
    /// <summary>Gets the OS process id.</summary>
    int Pid { get; }

    /// <summary>Gets the OS start time of the process (clock ticks since boot on Linux), which tells it apart from a later process with the same pid.</summary>
    long StartTime { get; }

    /// <summary>Gets when the process started (UTC).</summary>
    DateTimeOffset StartedAt { get; }

    /// <summary>Gets a task that completes when the process has exited and been reaped.</summary>
    Task<ProcessExit> Exited { get; }

    /// <summary>Gets the captured console output, in the order written; empty when not captured. Read it once.</summary>
    IAsyncEnumerable<OutputChunk> Output { get; }

    /// <summary>Sends a signal to the process (not its tree). Sending to a process that has exited does nothing.</summary>
    /// <param name="signal">The signal.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the signal was sent; <see langword="false"/> when the process had exited.</returns>
    ValueTask<bool> SendSignalAsync(PosixSignal signal, CancellationToken cancellationToken = default);

    /// <summary>Kills the process and every OS descendant it started, including those that left its process group or were re-parented.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the kill has been sent to the whole tree.</returns>
    ValueTask KillTreeAsync(CancellationToken cancellationToken = default);
}
