// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>What is known about a process: its table row, and its state folder where asked for.</summary>
/// <param name="Id">The process id.</param>
public sealed record ProcessInfo(WttProcessId Id)
{
    /// <summary>Gets the parent id, or nil.</summary>
    public WttProcessId ParentId { get; init; }

    /// <summary>Gets the group id, or nil.</summary>
    public WttProcessId GroupId { get; init; }

    /// <summary>Gets the machine the process runs on; <see langword="null"/> for the machine whose table was read.</summary>
    public string? Machine { get; init; }

    /// <summary>Gets the machine that created the process; <see langword="null"/> when unknown or the same.</summary>
    public string? InvokedFrom { get; init; }

    /// <summary>Gets whether the process uses the Wtt SDK.</summary>
    public ProcessKind Kind { get; init; }

    /// <summary>Gets the status.</summary>
    public ProcessStatus Status { get; init; }

    /// <summary>Gets the OS process id, or 0 when the process has not started or is on an unreachable machine.</summary>
    public int Pid { get; init; }

    /// <summary>Gets the exit code, once the process exited.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Gets when the row was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the process started (UTC), or <see langword="null"/>.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets when the process ended (UTC), or <see langword="null"/>.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Gets when the process last beat, by its own machine's clock; <see langword="null"/> if it never did.</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }

    /// <summary>Gets how long ago the process last beat, judged by its own machine's clock; <see langword="null"/> if it never did.</summary>
    public TimeSpan? HeartbeatAge { get; init; }

    /// <summary>Gets the heartbeat timeout set at creation.</summary>
    public TimeSpan DebugTimeout { get; init; } = ProcessStartSpec.DefaultDebugTimeout;

    /// <summary>Gets the executable.</summary>
    public string? FileName { get; init; }

    /// <summary>Gets the arguments.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Gets the threads: registered beating threads for a Wtt-based process, OS threads for a plain one.</summary>
    public IReadOnlyList<ThreadInfo> Threads { get; init; } = [];

    /// <summary>Gets the registered log files.</summary>
    public IReadOnlyList<LogFileInfo> LogFiles { get; init; } = [];

    /// <summary>Gets the variations completed, in order.</summary>
    public IReadOnlyList<VariationRecord> Variations { get; init; } = [];

    /// <summary>Gets a handle-free reference: <c>id@machine</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Machine is null ? $"{Id} {Status}" : $"{Id}@{Machine} {Status}";
}
