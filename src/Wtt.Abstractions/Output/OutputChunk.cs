// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;

namespace Wtt;

/// <summary>A piece of a process's console output or of one of its log files, in the order written.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="Source">Standard output, standard error, or a log.</param>
/// <param name="Offset">The byte offset of <paramref name="Data"/> in its stream or file (restarts at 0 after a log is truncated or rotated).</param>
/// <param name="Data">The bytes.</param>
public sealed record OutputChunk(WttProcessId ProcessId, OutputSource Source, long Offset, ReadOnlyMemory<byte> Data)
{
    /// <summary>Gets the process's machine; <see langword="null"/> for the caller's.</summary>
    public string? Machine { get; init; }

    /// <summary>Gets the log's registered name, for <see cref="OutputSource.Log"/>.</summary>
    public string? LogName { get; init; }

    /// <summary>Gets a value indicating whether the log was truncated or rotated just before this chunk.</summary>
    public bool Restarted { get; init; }

    /// <summary>Decodes the bytes as UTF-8.</summary>
    /// <returns>The text.</returns>
    public string Text() => Encoding.UTF8.GetString(Data.Span);
}
