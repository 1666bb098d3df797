// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Cli.Common;

/// <summary>A process as <c>wtt ps --json</c> writes it: stable, flat properties.</summary>
/// <param name="Id">The process id.</param>
/// <param name="Machine">Its machine.</param>
/// <param name="ParentId">Its parent, or <see langword="null"/>.</param>
/// <param name="GroupId">Its group, or <see langword="null"/>.</param>
/// <param name="Kind">Plain or WttBased.</param>
/// <param name="Status">Its status.</param>
/// <param name="Pid">The OS pid, 0 when unknown.</param>
/// <param name="ExitCode">The exit code, once exited.</param>
/// <param name="CreatedAt">When its row was made.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="HeartbeatAgeSeconds">Seconds since its last beat.</param>
/// <param name="FileName">The executable.</param>
/// <param name="Arguments">The arguments.</param>
internal sealed record ProcessView(
    WttProcessId Id,
    string? Machine,
    WttProcessId? ParentId,
    WttProcessId? GroupId,
    ProcessKind Kind,
    ProcessStatus Status,
    int Pid,
    int? ExitCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    double? HeartbeatAgeSeconds,
    string? FileName,
    IReadOnlyList<string> Arguments)
{
    /// <summary>Makes the view of a process.</summary>
    /// <param name="info">The process.</param>
    /// <param name="listedMachine">The machine whose table was read.</param>
    /// <returns>The view.</returns>
    public static ProcessView Of(ProcessInfo info, string? listedMachine) => new(
        info.Id,
        info.Machine ?? listedMachine,
        info.ParentId.IsNil ? null : info.ParentId,
        info.GroupId.IsNil ? null : info.GroupId,
        info.Kind,
        info.Status,
        info.Pid,
        info.ExitCode,
        info.CreatedAt,
        info.StartedAt,
        info.EndedAt,
        info.HeartbeatAge?.TotalSeconds,
        info.FileName,
        info.Arguments);
}
