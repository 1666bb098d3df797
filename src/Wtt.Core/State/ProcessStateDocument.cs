// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>What a process's state folder holds besides its output: too bulky or too changeable for the table.</summary>
/// <param name="Id">The process.</param>
public sealed record ProcessStateDocument(WttProcessId Id)
{
    /// <summary>Gets the executable.</summary>
    public string? FileName { get; init; }

    /// <summary>Gets the arguments.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Gets the machine the process runs on, or <see langword="null"/> for this one.</summary>
    public string? Machine { get; init; }

    /// <summary>Gets the process kind.</summary>
    public ProcessKind Kind { get; init; }

    /// <summary>Gets the last status known, kept for when the row is gone.</summary>
    public ProcessStatus LastStatus { get; init; }

    /// <summary>Gets the exit code, once known.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Gets when the process ended, once known.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Gets the registered threads and their comment stacks, as last published.</summary>
    public IReadOnlyList<ThreadInfo> Threads { get; init; } = [];

    /// <summary>Gets the registered log files.</summary>
    public IReadOnlyList<LogFileInfo> LogFiles { get; init; } = [];

    /// <summary>Gets the variations completed, in order.</summary>
    public IReadOnlyList<VariationRecord> Variations { get; init; } = [];

    /// <summary>Gets when the document was last written (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
