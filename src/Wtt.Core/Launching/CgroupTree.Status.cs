// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>The folders' status files, kept open.</content>
internal sealed partial class CgroupTree
{
    /// <summary>
    /// The open <c>cgroup.events</c> and <c>cgroup.stat</c> of the folders read so far, until the folder is removed. Each
    /// exit reads one or both of its folder's (the tree kill whether anyone is left, the owner whether the folder can go
    /// back to the pool), and a pooled folder is read again by every process that uses it: a <c>pread</c> of the open
    /// file, where an open that looked up each component of the folder's path, a read and a close took two system calls
    /// more (tests/Wtt.Benchmarks/Lifecycle/README.md, eighteenth pass).
    /// </summary>
    private static readonly ConcurrentDictionary<string, StatusFiles> Status = new(StringComparer.Ordinal);

    /// <summary>Tells whether a process is in the cgroup or below it (<c>populated 1</c> in its <c>cgroup.events</c>).</summary>
    /// <param name="group">The cgroup's folder.</param>
    /// <returns><see langword="false"/> when none is, or when the file cannot be read (the folder is gone).</returns>
    public static bool IsPopulated(string group) => StatusContains(group, StatusFile.Events, "populated 1"u8);

    /// <summary>Tells whether one of a folder's status files contains <paramref name="text"/>.</summary>
    /// <param name="group">The cgroup's folder.</param>
    /// <param name="file">Which file.</param>
    /// <param name="text">The ASCII text to look for.</param>
    /// <returns><see langword="false"/> when not found, or when the file cannot be read (the folder is gone).</returns>
    public static bool StatusContains(string group, StatusFile file, ReadOnlySpan<byte> text)
    {
        // A descriptor that reads nothing belongs to a folder removed since (by another process's sweep, say), which may
        // have been made again under the same path: the file is opened once more before the folder counts as gone.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (Status.GetOrAdd(group, static g => new StatusFiles(g)).Contains(file, text) is { } found)
            {
                return found;
            }

            Forget(group);
        }

        return false;
    }

    /// <summary>Closes the status files of a folder that was removed (or is about to be made again).</summary>
    private static void Forget(string group)
    {
        if (Status.TryRemove(group, out var files))
        {
            files.Close();
        }
    }

    /// <summary>A folder's status files, opened at their first read; closed under the same lock, so a read never uses a closed (and maybe reused) descriptor.</summary>
    private sealed class StatusFiles(string group)
    {
        private readonly Lock gate = new();
        private int events = -1;
        private int stat = -1;
        private bool closed;

        public bool? Contains(StatusFile file, ReadOnlySpan<byte> text)
        {
            lock (gate)
            {
                if (closed)
                {
                    return null;
                }

                ref var fd = ref file == StatusFile.Events ? ref events : ref stat;
                if (fd < 0)
                {
                    fd = SmallFile.OpenForReading(Path.Combine(group, file == StatusFile.Events ? "cgroup.events" : "cgroup.stat"));
                    if (fd < 0)
                    {
                        return null;
                    }
                }

                return SmallFile.ContainsFromStart(fd, text);
            }
        }

        public void Close()
        {
            lock (gate)
            {
                closed = true;
                foreach (var fd in (ReadOnlySpan<int>)[events, stat])
                {
                    if (fd >= 0)
                    {
                        _ = LibC.close(fd);
                    }
                }

                events = stat = -1;
            }
        }
    }
}

/// <summary>The status files of a cgroup folder that <see cref="CgroupTree.StatusContains"/> reads.</summary>
internal enum StatusFile
{
    /// <summary><c>cgroup.events</c>: <c>populated</c>, <c>frozen</c>.</summary>
    Events,

    /// <summary><c>cgroup.stat</c>: <c>nr_descendants</c>, <c>nr_dying_descendants</c>.</summary>
    Stat,
}
