// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;

namespace Wtt.Core;

/// <summary>
/// Empty cgroup folders of exited processes, kept for the next processes started into a cgroup (libwttspawn's
/// <c>CLONE_INTO_CGROUP</c>) or moved into one after a <c>posix_spawn</c>: a process started into a new folder costs the
/// kernel far more than one started into a folder that held an earlier process (on this project's 2-core test machine, a
/// create + wait of <c>/bin/true</c> took 1.25–1.6× as long with a new folder each time, 1.02–1.06× with eight folders in
/// turn, against none), and a folder removed at each exit takes the cgroup tree's global lock.
/// </summary>
/// <remarks>
/// At most <see cref="MaxIdle"/> folders are kept per cgroup parent (enough for a lab's servers started again and
/// again, and for a tree of 200 terminated and started again, whose surplus folders would otherwise each be removed, under
/// the cgroup tree's global lock, while the next exits are recorded; an empty cgroup without controllers costs the
/// kernel a few KB); the rest are removed as before. A folder comes back only when it is empty (<see cref="IsEmpty"/>),
/// so descendants that outlived their root keep their folder to themselves, and never after a tree kill wrote
/// <c>cgroup.kill</c> to it (see <see cref="LinuxLaunchedProcess"/>); once back, the exited process's tree kills no
/// longer use it. The idle folders are removed when the process exits. A process that
/// dies leaves up to <see cref="MaxIdle"/> empty folders behind: the first launcher of a later process removes the
/// parent's empty folders made more than <see cref="SweepAge"/> ago, in the background (a folder another process keeps
/// idle that long is made again when it starts its next process there: the native start makes a missing folder).
/// </remarks>
internal static class CgroupFolderPool
{
    /// <summary>The most idle folders kept per cgroup parent.</summary>
    internal const int MaxIdle = 256;

    /// <summary>How old an empty folder must be before <see cref="SweepOnce"/> removes it.</summary>
    internal static readonly TimeSpan SweepAge = TimeSpan.FromMinutes(10);

    private static readonly ConcurrentDictionary<string, Task> Sweeps = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, Idle> Pools = new(StringComparer.Ordinal);

    static CgroupFolderPool() => AppDomain.CurrentDomain.ProcessExit += static (_, _) => RemoveIdle();

    /// <summary>Gets an idle folder of <paramref name="tree"/>, or the path of a new one named <paramref name="name"/> (not made here).</summary>
    /// <param name="tree">The launcher's cgroup parent.</param>
    /// <param name="name">The name of a new folder.</param>
    /// <param name="pooled">Whether the folder came from the pool (it exists, empty); a folder never used can go back with <see cref="Return"/>.</param>
    /// <returns>The folder's path.</returns>
    public static string Rent(CgroupTree tree, string name, out bool pooled)
    {
        if (Pools.TryGetValue(tree.Parent, out var idle) && idle.TryTake(out var folder))
        {
            pooled = true;
            return folder;
        }

        pooled = false;
        return tree.GroupPath(name);
    }

    /// <summary>
    /// Keeps an empty folder for a later process; when the pool has no room, the folder is removed on the thread pool (an
    /// rmdir takes the cgroup tree's global lock, which the caller, often the thread that reports exits, must not wait on).
    /// </summary>
    /// <param name="folder">The folder, found empty by <see cref="IsEmpty"/>, or an idle one no process went into.</param>
    public static void Return(string folder)
    {
        if (Path.GetDirectoryName(folder) is not { } parent || !Pools.GetOrAdd(parent, static _ => new Idle()).TryAdd(folder))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static folder => CgroupTree.TryRemove(folder), folder, preferLocal: false);
        }
    }

    /// <summary>
    /// Tells whether a folder exists, holds no process, in it or below (<c>cgroup.events</c> says <c>populated 0</c>; a
    /// zombie is no longer in it), and has no sub-folder (<c>cgroup.stat</c> says <c>nr_descendants 0</c>: a process may
    /// have made some, with controllers that would refuse a process in the folder itself). Two reads of files kept open (see
    /// <see cref="CgroupTree.StatusContains"/>).
    /// Once an exited process's folder holds no process it stays so: only a process in it could fork into it.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="knownUnpopulated">Whether the caller read <c>populated 0</c> after the folder's process died (then only the sub-folders are read).</param>
    /// <returns><see langword="true"/> when empty.</returns>
    public static bool IsEmpty(string folder, bool knownUnpopulated = false)
        => (knownUnpopulated || CgroupTree.StatusContains(folder, StatusFile.Events, "populated 0"u8))
            && CgroupTree.StatusContains(folder, StatusFile.Stat, "nr_descendants 0\n"u8);

    /// <summary>Gets the idle folders of a parent (for tests).</summary>
    /// <param name="parent">The cgroup parent.</param>
    /// <returns>The folders now idle.</returns>
    internal static string[] IdleFolders(string parent) => Pools.TryGetValue(parent, out var idle) ? idle.Snapshot() : [];

    /// <summary>
    /// Removes, once per parent and process and in the background, the parent's empty folders made more than
    /// <see cref="SweepAge"/> ago: those a process that died kept idle.
    /// </summary>
    /// <param name="parent">The cgroup parent.</param>
    /// <returns>The sweep (for tests).</returns>
    public static Task SweepOnce(string parent) => Sweeps.GetOrAdd(parent, static p => Task.Run(() => Sweep(p)));

    internal static void Sweep(string parent)
    {
        try
        {
            var before = DateTime.UtcNow - SweepAge;
            foreach (var folder in Directory.EnumerateDirectories(parent))
            {
                if (Directory.GetLastWriteTimeUtc(folder) < before && IsEmpty(folder))
                {
                    _ = CgroupTree.TryRemove(folder); // refused while a process is in it
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The parent went away or cannot be read: nothing to sweep.
        }
    }

    /// <summary>Removes every idle folder.</summary>
    internal static void RemoveIdle()
    {
        foreach (var idle in Pools.Values)
        {
            while (idle.TryTake(out var folder))
            {
                _ = CgroupTree.TryRemove(folder);
            }
        }
    }

    /// <summary>The idle folders of one parent.</summary>
    private sealed class Idle
    {
        private readonly ConcurrentStack<string> _folders = new();
        private int _count;

        public string[] Snapshot() => _folders.ToArray();

        public bool TryAdd(string folder)
        {
            if (Interlocked.Increment(ref _count) > MaxIdle)
            {
                _ = Interlocked.Decrement(ref _count);
                return false;
            }

            _folders.Push(folder);
            return true;
        }

        public bool TryTake(out string folder)
        {
            if (_folders.TryPop(out folder!))
            {
                _ = Interlocked.Decrement(ref _count);
                return true;
            }

            return false;
        }
    }
}
