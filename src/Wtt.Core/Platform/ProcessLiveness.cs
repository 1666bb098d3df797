// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;

namespace Wtt.Core.Platform;

/// <summary>Tells whether a process is alive by its pid and start time, so a recycled pid never impersonates a dead process.</summary>
/// <remarks>
/// On Linux the start time is field 22 of <c>/proc/&lt;pid&gt;/stat</c> (clock ticks since boot). Elsewhere it is the
/// process's start time in UTC ticks as <see cref="Process.StartTime"/> reports it. Thread-safe.
/// </remarks>
internal static class ProcessLiveness
{
    private static readonly Lazy<long> SelfStartTime = new(() => GetStartTime(Environment.ProcessId) ?? 0);

    /// <summary>Gets the start time of the current process, in the unit <see cref="GetStartTime"/> returns.</summary>
    public static long CurrentStartTime => SelfStartTime.Value;

    /// <summary>Tells whether the process <paramref name="pid"/> with start time <paramref name="startTime"/> is alive.</summary>
    /// <param name="pid">The OS process id.</param>
    /// <param name="startTime">Its start time; 0 when unknown, which then compares the pid only.</param>
    /// <returns><see langword="true"/> when a process with that pid exists and started at that time (zombies count as gone).</returns>
    public static bool IsAlive(int pid, long startTime)
    {
        if (pid <= 0)
        {
            return false;
        }

        var actual = GetStartTime(pid);
        return actual is not null && (startTime == 0 || actual.Value == startTime);
    }

    /// <summary>Tells whether a process is alive, comparing only the low 32 bits of its start time (as a lock word stores it).</summary>
    /// <param name="pid">The OS process id.</param>
    /// <param name="startTimeLow">The low 32 bits of its start time.</param>
    /// <returns><see langword="true"/> when a process with that pid and start time exists.</returns>
    internal static bool IsAliveLow32(int pid, uint startTimeLow)
    {
        var actual = pid > 0 ? GetStartTime(pid) : null;
        return actual is not null && (uint)actual.Value == startTimeLow;
    }

    /// <summary>Reads a process's start time.</summary>
    /// <param name="pid">The OS process id.</param>
    /// <returns>The start time (clock ticks since boot on Linux), or <see langword="null"/> when no such process runs (or it is a zombie).</returns>
    public static long? GetStartTime(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return ReadProcStat(pid);
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    private static long? ReadProcStat(int pid)
        => ProcStat.TryRead(pid, out var stat) && stat.State is not ('Z' or 'X') ? stat.StartTime : null;

    /// <summary>Reads the state (field 3) and start time (field 22) of a <c>/proc/PID/stat</c> line.</summary>
    /// <param name="stat">The line.</param>
    /// <param name="state">The state letter.</param>
    /// <param name="startTime">The start time in clock ticks since boot.</param>
    /// <returns><see langword="true"/> when the line could be read.</returns>
    internal static bool ParseStartTime(ReadOnlySpan<char> stat, out char state, out long startTime)
    {
        var ok = ProcStat.TryParse(0, stat.ToString(), out var parsed);
        (state, startTime) = ok ? (parsed.State, parsed.StartTime) : ('?', 0L);
        return ok;
    }
}
