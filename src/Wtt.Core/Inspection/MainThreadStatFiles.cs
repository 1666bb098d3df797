// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using Wtt.Core.Platform;

namespace Wtt.Core.Inspection;

/// <summary>
/// The <c>/proc/PID/task/PID/stat</c> files of the processes whose threads a client reads, kept open (Linux): a read of a
/// process's main thread is then one <c>pread</c>, where opening the file by its path walks <c>/proc</c> and costs three
/// system calls. A file kept open stays with the process it was opened on: once that process is gone and reaped its
/// reads fail, even if its pid is reused, so a kept file never reads another process.
/// </summary>
/// <remarks>At most <see cref="MostKept"/> files are kept; reaching it closes them all, so processes long gone hold none.</remarks>
internal sealed class MainThreadStatFiles : IDisposable
{
    /// <summary>The most files kept open at once.</summary>
    internal const int MostKept = 128;

    private readonly ConcurrentDictionary<(int Pid, long StartTime), KeptFile> files = new();
    private readonly int mostKept;
    private bool disposed;

    /// <summary>Initializes an empty set of kept files.</summary>
    /// <param name="mostKept">The most files kept at once (<see cref="MostKept"/>; tests lower it).</param>
    public MainThreadStatFiles(int mostKept = MostKept) => this.mostKept = mostKept;

    /// <summary>Gets how many files are kept open now (for tests).</summary>
    internal int CountForTesting => files.Count;

    /// <summary>Reads the stat line of a process's main thread, and its name.</summary>
    /// <param name="pid">The process.</param>
    /// <param name="startTime">Its start time in clock ticks since boot, which with the pid names the file kept; 0 when unknown (nothing is kept).</param>
    /// <param name="stat">The main thread's fields.</param>
    /// <param name="name">The main thread's name.</param>
    /// <returns><see langword="false"/> when the process is gone.</returns>
    public bool TryRead(int pid, long startTime, out ProcStat stat, out string name)
    {
        if (!OperatingSystem.IsLinux() || startTime == 0 || Volatile.Read(ref disposed))
        {
            return ProcStat.TryReadThread(pid, pid, out stat, out name);
        }

        var key = (pid, startTime);
        if (files.TryGetValue(key, out var file))
        {
            if (ProcStat.TryReadThread(file, pid, out stat, out name) && stat.StartTime == startTime)
            {
                return true;
            }

            // Gone, or closed by another caller meanwhile: forget it, and ask by the path once.
            Forget(pid, startTime);
            return ProcStat.TryReadThread(pid, pid, out stat, out name);
        }

        if (files.Count >= mostKept)
        {
            Clear();
        }

        if (ProcStat.OpenThread(pid, pid) is not { } opened)
        {
            stat = default;
            name = string.Empty;
            return false;
        }

        var read = ProcStat.TryReadThread(opened, pid, out stat, out name);
        if (!read || stat.StartTime != startTime || !files.TryAdd(key, opened))
        {
            // Gone already, another process behind the pid, or another caller kept its own file first: this one is not kept.
            opened.Dispose();
            return read;
        }

        if (Volatile.Read(ref disposed))
        {
            Clear();
        }

        return true;
    }

    /// <summary>Closes the file kept for a process, once it has ended.</summary>
    /// <param name="pid">The process.</param>
    /// <param name="startTime">Its start time.</param>
    public void Forget(int pid, long startTime)
    {
        if (files.TryRemove((pid, startTime), out var file))
        {
            file.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Volatile.Write(ref disposed, true);
        Clear();
    }

    private void Clear()
    {
        foreach (var key in files.Keys)
        {
            if (files.TryRemove(key, out var file))
            {
                file.Dispose();
            }
        }
    }
}
