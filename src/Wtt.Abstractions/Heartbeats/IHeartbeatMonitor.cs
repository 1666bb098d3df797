// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>
/// The monitor of a Wtt-based process: every registered thread beats locally, and the monitor stamps the
/// process's row at a fixed interval only while all of them beat within their timeouts.
/// </summary>
/// <remarks>Thread-safe. A thread that misses its timeout is named in <see cref="ThreadStuck"/> and the process marked <see cref="ProcessStatus.NeedsAssistance"/>.</remarks>
public interface IHeartbeatMonitor : IAsyncDisposable
{
    /// <summary>Gets the interval at which the row is stamped.</summary>
    TimeSpan Interval { get; }

    /// <summary>Raised (on the monitor's thread) when a thread first misses its timeout.</summary>
    event EventHandler<ThreadInfo>? ThreadStuck;

    /// <summary>Registers the calling thread (or a logical worker) under a name.</summary>
    /// <param name="name">The name shown in process information.</param>
    /// <param name="timeout">How long it may go between beats; <see langword="null"/> for the monitor's default.</param>
    /// <returns>The thread's heartbeat; dispose it to unregister.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: an empty name or a non-positive timeout.</exception>
    IThreadHeartbeat RegisterThread(string name, TimeSpan? timeout = null);

    /// <summary>Reads the registered threads, with their last beats and comment stacks.</summary>
    /// <returns>The threads.</returns>
    IReadOnlyList<ThreadInfo> GetThreads();

    /// <summary>Runs one tick now: checks every thread and stamps the row if all beat.</summary>
    /// <returns><see langword="true"/> when the row was stamped.</returns>
    bool Tick();
}
