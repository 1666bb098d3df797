// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Wtt.Core.Launching.Native;

namespace Wtt.Core.Platform;

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> the launcher needs.</summary>
/// <param name="Pid">The pid.</param>
/// <param name="State">The state letter (R, S, D, Z …).</param>
/// <param name="ParentPid">The parent pid (field 4).</param>
/// <param name="ProcessGroup">The process group (field 5).</param>
/// <param name="Session">The session (field 6).</param>
/// <param name="StartTime">The start time in clock ticks since boot (field 22).</param>
/// <param name="Threads">The number of threads of the process (field 20; a thread's line gives its process's).</param>
internal readonly record struct ProcStat(int Pid, char State, int ParentPid, int ProcessGroup, int Session, long StartTime, int Threads = 0)
{
    /// <summary>Reads one process's stat line (one open, one read, one close; nothing allocated).</summary>
    /// <returns><see langword="false"/> when the process is gone.</returns>
    public static bool TryRead(int pid, out ProcStat stat)
    {
        Span<byte> path = stackalloc byte[40];
        if (!System.Text.Unicode.Utf8.TryWrite(path, CultureInfo.InvariantCulture, $"/proc/{pid}/stat\0", out _))
        {
            stat = default;
            return false;
        }

        return TryRead(pid, path, default, out stat, out _);
    }

    /// <summary>Reads one thread's stat line and its command name (the thread's name) the same way.</summary>
    /// <param name="pid">The process.</param>
    /// <param name="tid">The thread.</param>
    /// <param name="stat">The thread's fields (its start time is the process's for the main thread).</param>
    /// <param name="name">The thread's name.</param>
    /// <returns><see langword="false"/> when the thread is gone.</returns>
    public static bool TryReadThread(int pid, int tid, out ProcStat stat, out string name)
    {
        Span<byte> path = stackalloc byte[ThreadPathBytes];
        Span<char> comm = stackalloc char[64];
        name = string.Empty;
        if (!TryThreadPath(pid, tid, path) || !TryRead(tid, path, comm, out stat, out var nameLength))
        {
            stat = default;
            return false;
        }

        name = new string(comm[..nameLength]);
        return true;
    }

    /// <summary>Opens a thread's stat file to keep, for <see cref="TryReadThread(KeptFile, int, out ProcStat, out string)"/>.</summary>
    /// <param name="pid">The process.</param>
    /// <param name="tid">The thread.</param>
    /// <returns>The file, or <see langword="null"/> when the thread is gone.</returns>
    public static KeptFile? OpenThread(int pid, int tid)
    {
        Span<byte> path = stackalloc byte[ThreadPathBytes];
        return TryThreadPath(pid, tid, path) ? KeptFile.Open(path) : null;
    }

    /// <summary>Reads a thread's stat line through a file kept open on it (one <c>pread</c>), and its command name.</summary>
    /// <param name="file">The thread's <c>/proc/PID/task/TID/stat</c>, kept open.</param>
    /// <param name="tid">The thread.</param>
    /// <param name="stat">The thread's fields.</param>
    /// <param name="name">The thread's name.</param>
    /// <returns><see langword="false"/> when the thread is gone (or the file was closed meanwhile).</returns>
    public static bool TryReadThread(KeptFile file, int tid, out ProcStat stat, out string name)
    {
        Span<byte> bytes = stackalloc byte[LineBytes];
        Span<char> comm = stackalloc char[64];
        name = string.Empty;
        var count = file.ReadFromStart(bytes);
        if (count <= 0 || !TryParse(tid, bytes[..count], comm, out stat, out var nameLength))
        {
            stat = default;
            return false;
        }

        name = new string(comm[..nameLength]);
        return true;
    }

    /// <summary>Room for <c>/proc/PID/task/TID/stat</c> and its NUL.</summary>
    private const int ThreadPathBytes = 64;

    /// <summary>The bytes read of a stat line: comm is at most 16 bytes, so a line is about 300.</summary>
    private const int LineBytes = 1024;

    /// <summary>Writes a thread's NUL-terminated stat path.</summary>
    private static bool TryThreadPath(int pid, int tid, Span<byte> path)
        => System.Text.Unicode.Utf8.TryWrite(path, CultureInfo.InvariantCulture, $"/proc/{pid}/task/{tid}/stat\0", out _);

    private static unsafe bool TryRead(int pid, ReadOnlySpan<byte> path, Span<char> comm, out ProcStat stat, out int nameLength)
    {
        stat = default;
        nameLength = 0;
        var bytes = stackalloc byte[LineBytes];
        nint count;
        fixed (byte* p = path)
        {
            var fd = LibC.open(p, LibC.O_RDONLY | LibC.O_CLOEXEC);
            if (fd < 0)
            {
                return false;
            }

            count = LibC.read(fd, bytes, LineBytes);
            _ = LibC.close(fd);
        }

        return count > 0 && TryParse(pid, new ReadOnlySpan<byte>(bytes, (int)count), comm, out stat, out nameLength);
    }

    /// <summary>Parses a stat line as read, and copies its command name into <paramref name="comm"/> unless that is empty.</summary>
    private static bool TryParse(int pid, ReadOnlySpan<byte> line, Span<char> comm, out ProcStat stat, out int nameLength)
    {
        nameLength = 0;
        Span<char> text = stackalloc char[line.Length];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = (char)line[i]; // the fields parsed are ASCII
        }

        if (!comm.IsEmpty)
        {
            // The command name (at most 15 bytes of UTF-8) sits between the first '(' and the last ')'.
            var open = line.IndexOf((byte)'(');
            var close = line.LastIndexOf((byte)')');
            if (open >= 0 && close > open)
            {
                nameLength = System.Text.Encoding.UTF8.GetChars(line[(open + 1)..close], comm);
            }
        }

        return TryParse(pid, text, out stat);
    }

    /// <summary>Reads every process on the machine.</summary>
    /// <returns>A snapshot (processes come and go while it is read).</returns>
    public static List<ProcStat> Snapshot()
    {
        var list = new List<ProcStat>(256);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && TryRead(pid, out var stat))
            {
                list.Add(stat);
            }
        }

        return list;
    }

    /// <summary>Parses a stat line; the command name (field 2) may hold spaces and parentheses, so fields count from the last ')'.</summary>
    /// <returns><see langword="true"/> when the line is well formed.</returns>
    public static bool TryParse(int pid, string text, out ProcStat stat) => TryParse(pid, text.AsSpan(), out stat);

    /// <summary>Parses a stat line held in a span.</summary>
    /// <returns><see langword="true"/> when the line is well formed.</returns>
    public static bool TryParse(int pid, ReadOnlySpan<char> text, out ProcStat stat)
    {
        stat = default;
        var close = text.LastIndexOf(')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return false;
        }

        // After ") ": field 3 is index 0.
        var fields = text[(close + 2)..];
        Span<Range> ranges = stackalloc Range[21];
        if (fields.Split(ranges, ' ') < 20)
        {
            return false;
        }

        var ok = int.TryParse(fields[ranges[1]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ppid)
            & int.TryParse(fields[ranges[2]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pgrp)
            & int.TryParse(fields[ranges[3]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var session)
            & long.TryParse(fields[ranges[19]], NumberStyles.None, CultureInfo.InvariantCulture, out var start);
        _ = int.TryParse(fields[ranges[17]], NumberStyles.None, CultureInfo.InvariantCulture, out var threads);
        stat = new ProcStat(pid, fields[ranges[0]][0], ppid, pgrp, session, start, threads);
        return ok;
    }
}
