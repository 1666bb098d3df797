// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core.Platform;

/// <summary>Cross-process futex wait and wake on 32-bit words of a shared mapping (Linux only; no FUTEX_PRIVATE_FLAG).</summary>
internal static unsafe partial class Futex
{
    private const int FutexWait = 0;
    private const int FutexWake = 1;

    private static readonly long SyscallNumber = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 202,
        Architecture.Arm64 => 98,
        _ => -1,
    };

    /// <summary>Gets a value indicating whether futexes are available.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && SyscallNumber > 0;

    /// <summary>Sleeps while <c>*address == expected</c>, until woken or <paramref name="timeoutMilliseconds"/> pass.</summary>
    /// <param name="address">The 32-bit word in shared memory.</param>
    /// <param name="expected">The value the caller saw.</param>
    /// <param name="timeoutMilliseconds">The longest sleep; <see cref="Timeout.Infinite"/> for none.</param>
    public static void Wait(int* address, int expected, int timeoutMilliseconds)
    {
        var timeout = new Timespec { Seconds = timeoutMilliseconds / 1000, Nanoseconds = timeoutMilliseconds % 1000 * 1_000_000L };
        _ = Syscall(SyscallNumber, address, FutexWait, expected, timeoutMilliseconds == Timeout.Infinite ? null : &timeout, null, 0);
    }

    /// <summary>Wakes every waiter on <paramref name="address"/>, in any process.</summary>
    /// <param name="address">The 32-bit word in shared memory.</param>
    public static void WakeAll(int* address) => _ = Syscall(SyscallNumber, address, FutexWake, int.MaxValue, null, null, 0);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, int* address, int operation, int value, Timespec* timeout, int* address2, int value3);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
