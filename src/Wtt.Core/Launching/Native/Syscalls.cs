// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core.Launching.Native;

/// <summary>Linux system calls without a libc wrapper on every distribution, and the exit-status decoding.</summary>
internal static unsafe class Syscalls
{
    private const int PidfdOpenNumber = 434;
    private const int PidfdSendSignalNumber = 424;
    private const int PidfdType = 3; // P_PIDFD
    private const int WExited = 4;
    private const int WNoHang = 1;
    private const int WNoWait = 0x01000000;
    private const int PrSetChildSubreaper = 36;
    private const int SigInfoSize = 128;
    private const int AtEmptyPath = 0x1000;

    /// <summary>statx's number, which differs by architecture (the generic table's 291 on arm64, riscv64 and loongarch64); -1 where unknown.</summary>
    private static readonly int StatxNumber = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 332,
        Architecture.X86 => 383,
        Architecture.Arm => 397,
        Architecture.Arm64 or Architecture.RiscV64 or Architecture.LoongArch64 => 291,
        Architecture.S390x => 379,
        Architecture.Ppc64le => 383,
        _ => -1,
    };

    /// <summary>Opens a pidfd for <paramref name="pid"/>, close-on-exec.</summary>
    /// <returns>The fd, or -1 with errno set.</returns>
    internal static int PidfdOpen(int pid) => (int)LibC.syscall2(PidfdOpenNumber, pid, 0);

    /// <summary>Sends a signal through a pidfd.</summary>
    /// <returns>0, or -1 with errno set (ESRCH once the process has exited).</returns>
    internal static int PidfdSendSignal(int pidfd, int signal) => (int)LibC.syscall4(PidfdSendSignalNumber, pidfd, signal, 0, 0);

    /// <summary>
    /// Reads an open file's attributes with <c>statx</c> (<c>AT_EMPTY_PATH</c>): a layout that is the same on every
    /// architecture, where <c>struct stat</c>'s is not.
    /// </summary>
    /// <param name="fd">The file.</param>
    /// <param name="mask">The <c>STATX_*</c> fields asked for.</param>
    /// <param name="buffer">256 bytes for the <c>struct statx</c>.</param>
    /// <returns>0, or -1 with errno set (ENOSYS where the architecture or the kernel has no statx).</returns>
    internal static int Statx(int fd, uint mask, byte* buffer)
    {
        if (StatxNumber < 0)
        {
            Marshal.SetLastPInvokeError(LibC.ENOSYS);
            return -1;
        }

        byte emptyPath = 0;
        return (int)LibC.syscall5(StatxNumber, fd, (nint)(&emptyPath), AtEmptyPath, (nint)mask, (nint)buffer);
    }

    /// <summary>Marks the calling process a child subreaper, so orphaned descendants are re-parented to it.</summary>
    /// <returns><see langword="true"/> on success.</returns>
    internal static bool SetChildSubreaper() => LibC.prctl(PrSetChildSubreaper, 1, 0, 0, 0) == 0;

    /// <summary>Tells whether the process behind <paramref name="pidfd"/> has exited, without reaping it.</summary>
    /// <returns><see langword="true"/> when it has exited.</returns>
    internal static bool HasExited(int pidfd)
    {
        var info = stackalloc byte[SigInfoSize];
        new Span<byte>(info, SigInfoSize).Clear();
        int result;
        do
        {
            result = LibC.waitid(PidfdType, (uint)pidfd, info, WExited | WNoHang | WNoWait);
        }
        while (result != 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);

        if (result != 0)
        {
            return PollReadable(pidfd); // not our child (or already reaped): ask the pidfd itself
        }

        return *(int*)(info + 16) != 0; // si_pid is 0 while the child runs
    }

    /// <summary>Reaps the exited child behind <paramref name="pidfd"/> without blocking.</summary>
    /// <param name="pidfd">The pidfd.</param>
    /// <param name="code">The si_code (1 exited, 2 killed, 3 dumped).</param>
    /// <param name="status">The exit code or the signal number.</param>
    /// <returns>1 when reaped, 0 when still running, -1 with errno set (ECHILD: not our child).</returns>
    internal static int TryReap(int pidfd, out int code, out int status)
    {
        var info = stackalloc byte[SigInfoSize];
        new Span<byte>(info, SigInfoSize).Clear();
        int result;
        do
        {
            result = LibC.waitid(PidfdType, (uint)pidfd, info, WExited | WNoHang);
        }
        while (result != 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);

        code = *(int*)(info + 8);
        status = *(int*)(info + 24);
        return result != 0 ? -1 : *(int*)(info + 16) != 0 ? 1 : 0;
    }

    /// <summary>Tells whether an fd polls readable (a pidfd is readable once its process has exited), right away or within a wait.</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="timeoutMilliseconds">How long to wait for it: 0 to ask only, -1 for as long as it takes.</param>
    /// <returns><see langword="true"/> when readable or hung up; <see langword="false"/> when not yet, or the wait was interrupted.</returns>
    internal static bool PollReadable(int fd, int timeoutMilliseconds = 0)
    {
        var entry = new LibC.PollFd { Fd = fd, Events = LibC.POLLIN };
        return LibC.poll(&entry, 1, timeoutMilliseconds) > 0 && entry.REvents != 0;
    }

    /// <summary>Closes an fd, ignoring errors.</summary>
    internal static void CloseQuietly(int fd)
    {
        if (fd >= 0)
        {
            _ = LibC.close(fd);
        }
    }
}
