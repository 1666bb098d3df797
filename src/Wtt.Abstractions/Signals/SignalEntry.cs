// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>The outcome of a signal or terminate request for one process.</summary>
/// <param name="Id">The process.</param>
/// <param name="Machine">Its machine; <see langword="null"/> for the caller's.</param>
/// <param name="Outcome">What became of the request.</param>
public sealed record SignalEntry(WttProcessId Id, string? Machine, SignalOutcome Outcome)
{
    /// <summary>Gets the process's status after the request, as last seen.</summary>
    public ProcessStatus Status { get; init; }

    /// <summary>Gets the exit code, where the process has exited.</summary>
    public int? ExitCode { get; init; }
}
