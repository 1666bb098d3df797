// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <summary>
/// The launcher's part of the cgroup v2 hierarchy: a parent folder (<c>wtt</c>) with one folder per
/// started process, killed as a whole with <c>cgroup.kill</c> (Linux 5.14+), as systemd kills a unit.
/// </summary>
internal sealed partial class CgroupTree
{
    private static readonly string[] Mounts = ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"];

    private CgroupTree(string parent) => Parent = parent;

    /// <summary>Gets the parent folder.</summary>
    public string Parent { get; }

    /// <summary>Finds a writable cgroup v2 mount and creates the parent folder in it.</summary>
    /// <returns>The tree, or <see langword="null"/> where cgroups cannot be used (no v2, not root, no <c>cgroup.kill</c>).</returns>
    public static CgroupTree? TryCreate(string parentName)
    {
        if (LibC.geteuid() != 0)
        {
            return null;
        }

        foreach (var mount in Mounts)
        {
            if (!File.Exists(Path.Combine(mount, "cgroup.controllers")))
            {
                continue;
            }

            try
            {
                var parent = Path.Combine(mount, parentName);
                _ = Directory.CreateDirectory(parent);
                if (File.Exists(Path.Combine(parent, "cgroup.kill")))
                {
                    return new CgroupTree(parent);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary>Creates the folder of one process.</summary>
    /// <returns>The folder, or <see langword="null"/> when it could not be created.</returns>
    public string? TryCreateGroup(string name)
    {
        var path = GroupPath(name);
        return TryCreateFolder(path) ? path : null;
    }

    /// <summary>Gets the path of the folder of one process, without creating it.</summary>
    /// <returns>The path.</returns>
    public string GroupPath(string name) => Path.Combine(Parent, name);

    /// <summary>Creates a folder made by <see cref="GroupPath"/>.</summary>
    /// <returns><see langword="true"/> when it exists now.</returns>
    public static bool TryCreateFolder(string path)
    {
        try
        {
            _ = Directory.CreateDirectory(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Moves a process into a folder.</summary>
    /// <returns><see langword="false"/> when the kernel refused (the process exited already, for one).</returns>
    public static bool TryAdd(string group, int pid) => TryWrite(Path.Combine(group, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Kills every process in a folder and its sub-folders.</summary>
    /// <returns><see langword="true"/> when the kill was written.</returns>
    public static bool Kill(string group) => TryWrite(Path.Combine(group, "cgroup.kill"), "1");

    /// <summary>Lists the processes in a folder.</summary>
    /// <returns>The pids (empty when the folder is gone).</returns>
    public static List<int> Members(string group)
    {
        var pids = new List<int>();
        _ = SmallFile.TryReadNumbers(Path.Combine(group, "cgroup.procs"), pids);
        return pids;
    }

    /// <summary>Removes a folder once it is empty.</summary>
    /// <returns><see langword="true"/> when removed (or already gone); <see langword="false"/> while processes remain in it.</returns>
    public static bool TryRemove(string group)
    {
        try
        {
            Directory.Delete(group, recursive: false);
            Forget(group);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            Forget(group);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool TryWrite(string file, string text) => SmallFile.TryWrite(file, text);
}
