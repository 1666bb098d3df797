// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core.Launching.Native;

/// <summary>The libc functions the Linux launcher calls (glibc or musl, x64 or arm64).</summary>
internal static unsafe partial class LibC
{
    internal const int EINTR = 4;
    internal const int ENOENT = 2;
    internal const int ESRCH = 3;
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;
    internal const int ECHILD = 10;
    internal const int ENOEXEC = 8;
    internal const int ENOTDIR = 20;
    internal const int EEXIST = 17;
    internal const int EPERM = 1;
    internal const int E2BIG = 7;
    internal const int EINVAL = 22;
    internal const int ENOSYS = 38;
    internal const int EISDIR = 21;
    internal const int EOPNOTSUPP = 95;

    internal const int O_RDONLY = 0;
    internal const int O_WRONLY = 1;
    internal const int O_RDWR = 2;
    internal const int O_CREAT = 0x40;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;
    /// <summary><c>O_NOFOLLOW</c>: 0x20000 on x86 and x64, 0x8000 on arm and arm64 (where 0x20000 is O_LARGEFILE, which does nothing).</summary>
    internal static readonly int O_NOFOLLOW = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x8000 : 0x20000;
    internal const int O_NOCTTY = 0x100;

    internal const short POLLIN = 0x1;
    internal const short POLLERR = 0x8;
    internal const short POLLHUP = 0x10;
    internal const short POLLNVAL = 0x20;

    internal const int LOCK_EX = 2;
    internal const int LOCK_NB = 4;
    internal const int AT_FDCWD = -100;

    /// <summary>The <c>tv_nsec</c> of a <see cref="TimeSpec"/> that leaves that time as it is.</summary>
    internal const long UTIME_OMIT = (1L << 30) - 2;

    internal const int X_OK = 1;
    internal const int F_DUPFD_CLOEXEC = 1030;

    private const string Lib = "libc";

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int open(byte* path, int flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags);

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true)]
    internal static partial int open(byte* path, int flags, int mode);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int pipe2(int* fds, int flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rename(string oldPath, string newPath);

    /// <summary>renameat2's flag: fail with EEXIST rather than replace the target.</summary>
    internal const int RENAME_NOREPLACE = 1;

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int renameat2(int oldDirectory, string oldPath, int newDirectory, string newPath, int flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mkdir(string path, int mode);

    /// <summary><c>O_DIRECTORY</c>: 0x10000 on x86 and x64, 0x4000 on arm and arm64.</summary>
    internal static readonly int O_DIRECTORY = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x4000 : 0x10000;

    /// <summary><c>O_PATH</c>: a descriptor that names a file or folder without opening it for reading or writing.</summary>
    internal const int O_PATH = 0x200000;

    /// <summary>open's flag for an unnamed file in the given folder (<c>__O_TMPFILE | O_DIRECTORY</c>).</summary>
    internal static readonly int O_TMPFILE = 0x400000 | O_DIRECTORY;

    /// <summary>linkat's flag: the old path is empty and the descriptor itself is linked.</summary>
    internal const int AT_EMPTY_PATH = 0x1000;

    /// <summary>linkat's flag: follow the old path if it is a symbolic link (as <c>/proc/self/fd/N</c> is).</summary>
    internal const int AT_SYMLINK_FOLLOW = 0x400;

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int openat(int directory, string path, int flags, int mode);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int linkat(int oldDirectory, string oldPath, int newDirectory, string newPath, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Lib)]
    internal static partial int clock_gettime(int clock, TimeSpec* time);

    [LibraryImport(Lib)]
    internal static partial long sysconf(int name);

    [LibraryImport(Lib)]
    internal static partial int setpriority(int which, int who, int priority);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint pread(int fd, byte* buffer, nint count, long offset);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statfs(string path, byte* buffer);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int flock(int fd, int operation);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int utimensat(int dirFd, string path, TimeSpec* times, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int eventfd(uint initialValue, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int epoll_create1(int flags);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int epoll_ctl(int epollFd, int operation, int fd, byte* @event);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int epoll_wait(int epollFd, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int waitid(int idType, uint id, byte* info, int options);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int kill(int pid, int signal);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int access(string path, int mode);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint getpwnam(string name);

    [LibraryImport(Lib)]
    internal static partial uint geteuid();

    [LibraryImport(Lib)]
    internal static partial int getpid();

    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true)]
    internal static partial nint syscall2(nint number, nint arg1, nint arg2);

    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true)]
    internal static partial nint syscall4(nint number, nint arg1, nint arg2, nint arg3, nint arg4);

    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true)]
    internal static partial nint syscall5(nint number, nint arg1, nint arg2, nint arg3, nint arg4, nint arg5);

    /// <summary>One entry of a <c>poll</c> set.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    /// <summary>A <c>struct timespec</c> (64-bit Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
