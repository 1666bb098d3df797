// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core.Platform;

/// <content>futex_waitv (Linux 5.16+): one thread sleeps on up to <see cref="MaxWords"/> words at once.</content>
internal static unsafe partial class Futex
{
    /// <summary>The most words one <see cref="WaitMany"/> call takes (FUTEX_WAITV_MAX).</summary>
    public const int MaxWords = 128;

    private const uint Futex2SizeU32 = 0x02;
    private const int ClockMonotonic = 1;
    private const int NoSuchSyscall = 38; // ENOSYS

    private static readonly long WaitvNumber = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.Arm64 => 449,
        _ => -1,
    };

    /// <summary>Gets a value indicating whether futex_waitv is available (probed once with an empty call).</summary>
    public static bool IsWaitManySupported { get; } = ProbeWaitMany();

    /// <summary>Sleeps while every <c>*addresses[i] == expected[i]</c>, until one is woken or the timeout passes.</summary>
    /// <param name="addresses">The 32-bit words (shared or private memory; never FUTEX_PRIVATE_FLAG).</param>
    /// <param name="expected">The values the caller saw, one per word.</param>
    /// <param name="timeoutMilliseconds">The longest sleep.</param>
    public static void WaitMany(ReadOnlySpan<nint> addresses, ReadOnlySpan<int> expected, int timeoutMilliseconds)
    {
        var count = Math.Min(addresses.Length, MaxWords);
        var entries = stackalloc WaitEntry[count];
        for (var i = 0; i < count; i++)
        {
            entries[i] = new WaitEntry { Value = (uint)expected[i], Address = (ulong)addresses[i], Flags = Futex2SizeU32 };
        }

        Timespec deadline;
        _ = ClockGetTime(ClockMonotonic, &deadline);
        var nanoseconds = deadline.Nanoseconds + (timeoutMilliseconds % 1000 * 1_000_000L);
        deadline.Seconds += (timeoutMilliseconds / 1000) + (nanoseconds / 1_000_000_000L);
        deadline.Nanoseconds = nanoseconds % 1_000_000_000L;

        // Returns the index of the woken word, or -1 (EAGAIN: a word already changed; EFAULT: a table was unmapped;
        // ETIMEDOUT); the caller checks every word again either way.
        _ = SyscallWaitv(WaitvNumber, entries, (uint)count, 0, &deadline, ClockMonotonic);
    }

    private static bool ProbeWaitMany()
    {
        if (!OperatingSystem.IsLinux() || WaitvNumber < 0)
        {
            return false;
        }

        // No words: EINVAL where the call exists, ENOSYS where it does not.
        var result = SyscallWaitv(WaitvNumber, null, 0, 0, null, ClockMonotonic);
        return result == 0 || Marshal.GetLastPInvokeError() != NoSuchSyscall;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long SyscallWaitv(long number, WaitEntry* waiters, uint count, uint flags, Timespec* timeout, int clock);

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, Timespec* time);

    /// <summary>struct futex_waitv.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct WaitEntry
    {
        public ulong Value;
        public ulong Address;
        public uint Flags;
        public uint Reserved;
    }
}
