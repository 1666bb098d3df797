// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Launching.Native;

namespace Wtt.Core.Platform;

/// <summary>
/// A new process's start time (field 22 of <c>/proc/PID/stat</c>, clock ticks since boot) told without reading
/// <c>/proc</c>: the kernel takes it from the boot clock while it makes the process (<c>copy_process</c>), and shows it
/// in clock ticks (<c>USER_HZ</c>, 100 a second, as <c>sysconf(_SC_CLK_TCK)</c> says). So a read of that clock just
/// before the call that starts the process and one just after it bound the time: when both fall in the same tick, with
/// a margin either side, that tick is the process's start time. Most starts take well under the 10 ms of a tick (half a
/// millisecond here: 94 % of them fall in one); the others read <c>/proc</c>.
/// </summary>
/// <remarks>
/// Each file looked up under a process's <c>/proc/PID</c> folder is cached by the kernel until the process is reaped,
/// which then drops them (<c>release_task</c> → <c>proc_flush_pid</c>); a stat file looked up once per process costs 2–4
/// µs at its reap on this kind of machine, on top of the 55 µs of a SIGKILL and reap. Time namespaces move both the
/// clock and the stat file's start time by the same offset, the reader's.
/// </remarks>
internal static class StartTicks
{
    private const int ClockBoottime = 7;
    private const int ClockTicksSetting = 2; // _SC_CLK_TCK
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>How far either bound is widened, against any difference between the two readings of one clock.</summary>
    private const long MarginNanoseconds = 50_000;

    /// <summary>The nanoseconds of one clock tick, or 0 where ticks are not a whole number of them (then no bracket is used).</summary>
    internal static readonly long NanosecondsPerTick = ReadNanosecondsPerTick();

    /// <summary>Reads the boot clock (<c>CLOCK_BOOTTIME</c>, which counts suspend) in nanoseconds.</summary>
    /// <returns>The reading, or -1 where the clock cannot be read (no bracket then).</returns>
    public static unsafe long Now()
    {
        LibC.TimeSpec time;
        return LibC.clock_gettime(ClockBoottime, &time) == 0 ? (time.Seconds * NanosecondsPerSecond) + time.Nanoseconds : -1;
    }

    /// <summary>Tells the start time of a process made between two readings of <see cref="Now"/>, when they fall in one tick.</summary>
    /// <param name="before">The reading before the call that started the process.</param>
    /// <param name="after">The reading after it returned.</param>
    /// <param name="ticks">The start time in clock ticks since boot, as <c>/proc/PID/stat</c> shows it.</param>
    /// <returns><see langword="false"/> when the readings span a tick's boundary (or were not taken): read <c>/proc</c>.</returns>
    public static bool TryBetween(long before, long after, out long ticks)
    {
        ticks = 0;
        var tick = NanosecondsPerTick;
        if (tick == 0 || before < MarginNanoseconds || after < before)
        {
            return false;
        }

        var first = (before - MarginNanoseconds) / tick;
        if (first != (after + MarginNanoseconds) / tick)
        {
            return false;
        }

        ticks = first;
        return true;
    }

    private static long ReadNanosecondsPerTick()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var hertz = LibC.sysconf(ClockTicksSetting);
        return hertz > 0 && NanosecondsPerSecond % hertz == 0 ? NanosecondsPerSecond / hertz : 0;
    }
}
