// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core.Tests.Launching;

/// <summary>What /proc says about a process, for assertions.</summary>
internal static class ProcFacts
{
    public static bool IsRoot => OperatingSystem.IsLinux() && LibC.geteuid() == 0;

    public static ProcStat Stat(int pid) => ProcStat.TryRead(pid, out var stat) ? stat : throw new InvalidOperationException($"pid {pid} is gone");

    /// <summary>Whether the process that had <paramref name="pid"/> and <paramref name="startTime"/> still exists (zombies included).</summary>
    public static bool Exists(int pid, long startTime) => ProcStat.TryRead(pid, out var stat) && stat.StartTime == startTime;

    public static ProcStat Self => Stat(Environment.ProcessId);
}
