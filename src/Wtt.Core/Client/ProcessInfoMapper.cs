// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core;

/// <summary>Builds <see cref="ProcessInfo"/> from a table row and a state document.</summary>
internal static class ProcessInfoMapper
{
    public static ProcessInfo From(ProcessRecord row, ProcessStateDocument? document, DateTimeOffset now) => new(row.Id)
    {
        ParentId = row.ParentId,
        GroupId = row.GroupId,
        Machine = row.Machine,
        InvokedFrom = row.InvokedFrom,
        Kind = row.Kind,
        Status = row.Status,
        Pid = row.Pid,
        ExitCode = row.ExitCode,
        CreatedAt = row.CreatedAt,
        StartedAt = row.Pid != 0 ? row.CreatedAt : null,
        EndedAt = document?.EndedAt,
        LastHeartbeat = row.LastHeartbeat,
        HeartbeatAge = row.LastHeartbeat is { } beat ? Max(now - beat, TimeSpan.Zero) : null,
        DebugTimeout = row.DebugTimeout,
        FileName = document?.FileName,
        Arguments = document?.Arguments ?? [],
        Threads = document?.Threads ?? [],
        LogFiles = document?.LogFiles ?? [],
        Variations = document?.Variations ?? [],
    };

    /// <summary>A process gone from the table whose state folder remains reads as not active.</summary>
    public static ProcessInfo FromDocument(ProcessStateDocument document) => new(document.Id)
    {
        Machine = document.Machine,
        Kind = document.Kind,
        Status = ProcessStatus.NotActive,
        ExitCode = document.ExitCode,
        EndedAt = document.EndedAt,
        FileName = document.FileName,
        Arguments = document.Arguments,
        Threads = document.Threads,
        LogFiles = document.LogFiles,
        Variations = document.Variations,
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
