// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using System.Runtime.InteropServices;
using Wtt.Launching.Native;

namespace Wtt.Inspection;

/// <summary>
/// Signals a process this client did not start (another client or the agent did) by its pid, only while
/// the pid still belongs to the process that started at the recorded time, and kills its tree by walking
/// <c>/proc</c>. The launcher of a process does this better (pidfd, cgroup); this is the fallback.
/// </summary>
internal static class OsProcesses
{
    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/> if it is still the process that started at <paramref name="startTime"/>.</summary>
    /// <returns><see langword="true"/> when sent.</returns>
    public static bool TrySignal(int pid, long startTime, PosixSignal signal)
        => IsSame(pid, startTime) && LibC.kill(pid, SignalNumbers.ToLinux(signal)) == 0;

    /// <summary>Kills the process and every descendant found through parent links in <c>/proc</c>, children first found, all with SIGKILL.</summary>
    /// <returns><see langword="true"/> when the root was still there to kill.</returns>
    public static bool TryKillTree(int pid, long startTime)
    {
        if (!IsSame(pid, startTime))
        {
            return false;
        }

        // Stop the root first so it cannot start more children, then kill what it left.
        _ = LibC.kill(pid, 19); // SIGSTOP
        var tree = Descendants(pid);
        _ = LibC.kill(pid, SignalNumbers.Kill);
        foreach (var child in tree)
        {
            _ = LibC.kill(child, SignalNumbers.Kill);
        }

        return true;
    }

    private static bool IsSame(int pid, long startTime)
        => OperatingSystem.IsLinux() && pid > 0 && startTime != 0 && ProcFs.ReadStartTime(pid) == startTime;

    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ReadParent(pid) is { } parent)
            {
                (parents.TryGetValue(parent, out var children) ? children : parents[parent] = []).Add(pid);
            }
        }

        var found = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var child in parents.GetValueOrDefault(next) ?? [])
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        }

        return found;
    }

    private static int? ReadParent(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
