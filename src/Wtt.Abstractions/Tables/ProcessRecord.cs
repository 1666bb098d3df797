// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>One row of a machine's process table: what every local process can read about a Wtt process without a lock.</summary>
/// <remarks>What is too bulky or too changeable for a row (threads, comments, variations, output) lives in the process's state folder.</remarks>
/// <param name="Id">The process id; never nil.</param>
public sealed record ProcessRecord(WttProcessId Id)
{
    /// <summary>The longest machine name a row holds, in UTF-8 bytes.</summary>
    public const int MaxMachineNameBytes = 64;

    /// <summary>Gets the parent id, or nil.</summary>
    public WttProcessId ParentId { get; init; }

    /// <summary>Gets the group id, or nil.</summary>
    public WttProcessId GroupId { get; init; }

    /// <summary>Gets the machine that created the process; <see langword="null"/> for this machine.</summary>
    public string? InvokedFrom { get; init; }

    /// <summary>Gets the machine the process runs on; <see langword="null"/> for this machine (a row for a process created elsewhere names it).</summary>
    public string? Machine { get; init; }

    /// <summary>Gets the OS process id; 0 before the process starts, or for a process on another machine.</summary>
    public int Pid { get; init; }

    /// <summary>Gets the OS start time of <see cref="Pid"/> (clock ticks since boot on Linux), so a recycled pid is never taken for this process; 0 when unknown.</summary>
    public long ProcessStartTime { get; init; }

    /// <summary>Gets whether the process uses the Wtt SDK.</summary>
    public ProcessKind Kind { get; init; }

    /// <summary>Gets the status.</summary>
    public ProcessStatus Status { get; init; }

    /// <summary>Gets the exit code, once the process exited.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Gets when the row was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the process last beat (UTC, by this machine's clock); <see langword="null"/> if it never did.</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }

    /// <summary>Gets the heartbeat timeout set at creation; <see cref="Timeout.InfiniteTimeSpan"/> ignores heartbeats.</summary>
    public TimeSpan DebugTimeout { get; init; } = ProcessStartSpec.DefaultDebugTimeout;

    /// <summary>Gets the number of registered beating threads.</summary>
    public int ThreadCount { get; init; }

    /// <summary>Gets the pending event bits (see <see cref="ProcessEventBits"/>).</summary>
    public long EventWord { get; init; }

    /// <summary>Gets the event sequence number, bumped by every event sent to the process.</summary>
    public long EventSequence { get; init; }

    /// <summary>Gets the row version, bumped by every change to the row.</summary>
    public long Version { get; init; }
}
