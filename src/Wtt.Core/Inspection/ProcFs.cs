// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;

using Wtt.Core.Platform;

namespace Wtt.Core.Inspection;

/// <summary>
/// The operating system's view of a process from <c>/proc</c> on Linux: its threads (ids, names, states)
/// and its start time. Elsewhere it knows nothing and says so with empty answers.
/// </summary>
internal static class ProcFs
{
    /// <summary>Reads the threads of <paramref name="pid"/>, if it is the process that started at <paramref name="startTime"/>.</summary>
    /// <param name="pid">The process id.</param>
    /// <param name="startTime">Its start time in clock ticks since boot; 0 to skip the check.</param>
    /// <param name="mainThreads">The main threads' stat files kept open, read with one <c>pread</c>; <see langword="null"/> to open the file.</param>
    /// <returns>The threads; empty when the process is gone, is another one, or this is not Linux.</returns>
    public static IReadOnlyList<ThreadInfo> ReadThreads(int pid, long startTime, MainThreadStatFiles? mainThreads = null)
    {
        if (!OperatingSystem.IsLinux() || pid <= 0)
        {
            return [];
        }

        // The main thread's stat line (tid = pid) carries the process's start time, so the pid-reuse check needs no
        // read of /proc/PID/stat of its own (each stat read costs tens of microseconds); only when the main thread
        // is not listed is the process's own stat read.
        // Most processes have one thread: the main thread's line says how many the process has, so a single-threaded
        // process needs no listing of its task folder.
        if ((mainThreads is null ? ProcStat.TryReadThread(pid, pid, out var main, out var mainName) : mainThreads.TryRead(pid, startTime, out main, out mainName)) && main.Threads == 1)
        {
            return startTime == 0 || main.StartTime == startTime ? [new ThreadInfo(mainName) { OsThreadId = pid, State = main.State.ToString() }] : [];
        }

        var threads = new List<ThreadInfo>();
        var verified = startTime == 0;

        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (int.TryParse(Path.GetFileName(task.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
                    && ProcStat.TryReadThread(pid, tid, out var stat, out var name))
                {
                    if (tid == pid && !verified)
                    {
                        if (stat.StartTime != startTime)
                        {
                            return [];
                        }

                        verified = true;
                    }

                    threads.Add(new ThreadInfo(name) { OsThreadId = tid, State = stat.State.ToString() });
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process ended while it was being read.
        }

        return verified || ReadStartTime(pid) == startTime ? threads : [];
    }

    /// <summary>Reads field 22 of <c>/proc/PID/stat</c>: the start time in clock ticks since boot.</summary>
    /// <param name="pid">The process id.</param>
    /// <returns>The start time, or 0 when the process does not exist.</returns>
    public static long ReadStartTime(int pid) => ProcStat.TryRead(pid, out var stat) ? stat.StartTime : 0;

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
}
