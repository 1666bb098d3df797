// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
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

        return TryRead(pid, path, withName: false, out stat, out _);
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
        name = string.Empty;
        if (!TryThreadPath(pid, tid, path) || !TryRead(tid, path, withName: true, out stat, out var comm))
        {
            stat = default;
            return false;
        }

        name = comm!;
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
    [SkipLocalsInit] // the line is read into the buffer; the kernel's count says how much of it is the line
    public static bool TryReadThread(KeptFile file, int tid, out ProcStat stat, out string name)
    {
        Span<byte> bytes = stackalloc byte[LineBytes];
        name = string.Empty;
        var count = file.ReadFromStart(bytes);
        if (count <= 0 || !TryParse(tid, bytes[..count], out stat, out var comm))
        {
            stat = default;
            return false;
        }

        name = Encoding.UTF8.GetString(bytes[comm]);
        return true;
    }

    /// <summary>Room for <c>/proc/PID/task/TID/stat</c> and its NUL.</summary>
    private const int ThreadPathBytes = 64;

    /// <summary>The bytes read of a stat line: comm is at most 16 bytes, so a line is about 300.</summary>
    private const int LineBytes = 1024;

    /// <summary>Writes a thread's NUL-terminated stat path.</summary>
    private static bool TryThreadPath(int pid, int tid, Span<byte> path)
        => System.Text.Unicode.Utf8.TryWrite(path, CultureInfo.InvariantCulture, $"/proc/{pid}/task/{tid}/stat\0", out _);

    [SkipLocalsInit]
    private static unsafe bool TryRead(int pid, ReadOnlySpan<byte> path, bool withName, out ProcStat stat, out string? name)
    {
        stat = default;
        name = null;
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

        var line = new ReadOnlySpan<byte>(bytes, (int)Math.Max(count, 0));
        if (count <= 0 || !TryParse(pid, line, out stat, out var range))
        {
            return false;
        }

        name = withName ? Encoding.UTF8.GetString(line[range]) : null;
        return true;
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
    public static bool TryParse(int pid, string text, out ProcStat stat)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return TryParse(pid, bytes, out stat, out _);
    }

    /// <summary>
    /// Parses a stat line as the kernel writes it, in bytes: the fields after the command name are ASCII, so they are
    /// read where they lie, with nothing copied or allocated.
    /// </summary>
    /// <param name="pid">The pid the line belongs to.</param>
    /// <param name="line">The line.</param>
    /// <param name="stat">The fields.</param>
    /// <param name="comm">Where the command name (at most 15 bytes of UTF-8 for a task, between the first '(' and the last ')') lies in the line.</param>
    /// <returns><see langword="true"/> when the line is well formed.</returns>
    public static bool TryParse(int pid, ReadOnlySpan<byte> line, out ProcStat stat, out Range comm)
    {
        stat = default;
        comm = default;
        var open = line.IndexOf((byte)'(');
        var close = line.LastIndexOf((byte)')');
        if (open < 0 || close < open || close + 3 >= line.Length || line[close + 1] != ' ')
        {
            return false;
        }

        comm = (open + 1)..close;

        // After ") ": field 3, the state letter, is index 0; field 22, the start time, index 19.
        var fields = line[(close + 2)..];
        var state = (char)fields[0];
        fields = fields[1..];
        var ok = TryNextField(ref fields, out var ppid)
            & TryNextField(ref fields, out var pgrp)
            & TryNextField(ref fields, out var session);
        for (var skipped = 4; skipped < 17 && ok; skipped++)
        {
            ok = TryNextField(ref fields, out _);
        }

        long threads = 0, start = 0;
        if (!ok || !TryNextField(ref fields, out threads) || !TryNextField(ref fields, out _) || !TryNextField(ref fields, out start) || start < 0)
        {
            return false;
        }

        stat = new ProcStat(pid, state, (int)ppid, (int)pgrp, (int)session, start, (int)threads);
        return true;
    }

    /// <summary>Reads the integer after the next space and moves past it; a field out of a long's range reads as 0.</summary>
    private static bool TryNextField(ref ReadOnlySpan<byte> fields, out long value)
    {
        value = 0;
        if (fields.Length < 2 || fields[0] != ' ')
        {
            return false;
        }

        var i = 1;
        var negative = fields[i] == '-';
        if (negative)
        {
            i++;
        }

        var digits = i;
        var overflow = false;
        for (; i < fields.Length && fields[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            overflow |= value > (long.MaxValue - 9) / 10;
            value = (value * 10) + (fields[i] - '0');
        }

        if (i == digits || (i < fields.Length && fields[i] is not ((byte)' ' or (byte)'\n')))
        {
            return false;
        }

        value = overflow ? 0 : negative ? -value : value;
        fields = fields[i..];
        return true;
    }
}
