// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;

namespace Wtt.Inspection;

/// <summary>
/// The operating system's view of a process from <c>/proc</c> on Linux: its threads (ids, names, states)
/// and its start time. Elsewhere it knows nothing and says so with empty answers.
/// </summary>
internal static class ProcFs
{
    /// <summary>Reads the threads of <paramref name="pid"/>, if it is the process that started at <paramref name="startTime"/>.</summary>
    /// <param name="pid">The process id.</param>
    /// <param name="startTime">Its start time in clock ticks since boot; 0 to skip the check.</param>
    /// <returns>The threads; empty when the process is gone, is another one, or this is not Linux.</returns>
    public static IReadOnlyList<ThreadInfo> ReadThreads(int pid, long startTime)
    {
        if (!OperatingSystem.IsLinux() || pid <= 0 || (startTime != 0 && ReadStartTime(pid) != startTime))
        {
            return [];
        }

        var threads = new List<ThreadInfo>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
                    && TryReadStat(Path.Combine(task, "stat"), out var comm, out var fields))
                {
                    threads.Add(new ThreadInfo(comm) { OsThreadId = tid, State = fields[0] });
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process ended while it was being read.
        }

        return threads;
    }

    /// <summary>Reads field 22 of <c>/proc/PID/stat</c>: the start time in clock ticks since boot.</summary>
    /// <param name="pid">The process id.</param>
    /// <returns>The start time, or 0 when the process does not exist.</returns>
    public static long ReadStartTime(int pid)
        => TryReadStat($"/proc/{pid}/stat", out _, out var fields)
           && fields.Length > 19
           && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : 0;

    /// <summary>Tells whether a native debugger (gdb, lldb, strace …) traces this process: <c>TracerPid</c> in <c>/proc/self/status</c> is not 0.</summary>
    /// <returns><see langword="true"/> when traced; <see langword="false"/> off Linux.</returns>
    public static bool IsTraced()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("TracerPid:", StringComparison.Ordinal))
                {
                    return line.AsSpan("TracerPid:".Length).Trim() is not "0";
                }
            }
        }
        catch (IOException)
        {
        }

        return false;
    }

    /// <summary>Splits a stat line after the command name, which may hold spaces and parentheses.</summary>
    /// <remarks><paramref name="fields"/>[0] is field 3 (the state).</remarks>
    private static bool TryReadStat(string path, out string comm, out string[] fields)
    {
        comm = string.Empty;
        fields = [];
        string line;
        try
        {
            line = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return false;
        }

        comm = line[(open + 1)..close];
        fields = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 0;
    }
}
