// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Wtt.Core.Launching.Native;

namespace Wtt.Core.Logs;

/// <summary>
/// Opens a registered log file so that a path swapped for a symbolic link (to <c>/etc/shadow</c>, say) is never read:
/// the last component is opened with <c>O_NOFOLLOW</c>, without blocking (a FIFO swapped in cannot freeze the reader),
/// and only a regular file is accepted. The file's identity (device and inode) tells a rotation (a new regular file at
/// the path) from the file still being read.
/// </summary>
/// <remarks>
/// A log registered as a symbolic link is resolved once, at registration (<see cref="ResolveForRegistration"/>); from
/// then on the registered path must name a regular file itself. The directories above the file are trusted: they are
/// the process's own, and a swapped directory is not detected.
/// </remarks>
internal static unsafe partial class LogFileOpener
{
    private const int ELOOP = 40;
    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_TYPE = 0x1;
    private const uint STATX_INO = 0x100;
    private const int S_IFMT = 0xF000;
    private const int S_IFREG = 0x8000;

    /// <summary>The path to record for a log: its full path, and if it is a symbolic link now, the file it points to.</summary>
    /// <param name="path">The path given by the process or the creator.</param>
    /// <returns>The path to store.</returns>
    public static string ResolveForRegistration(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full; // a dangling or looping link: left as it is, and refused when opened
        }
    }

    /// <summary>Opens the log for reading.</summary>
    /// <param name="log">The registered log.</param>
    /// <param name="identity">The file's device and inode.</param>
    /// <returns>The stream, or <see langword="null"/> when no file is at the path (yet).</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.AccessDenied"/>: the path is a symbolic link or not a regular file.</exception>
    public static FileStream? TryOpen(LogFileInfo log, out (ulong Device, ulong Inode) identity)
    {
        identity = default;
        if (!OperatingSystem.IsLinux())
        {
            return File.Exists(log.Path) ? new FileStream(log.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous) : null;
        }

        var fd = LibC.open(log.Path, LibC.O_RDONLY | LibC.O_CLOEXEC | LibC.O_NONBLOCK | LibC.O_NOFOLLOW | LibC.O_NOCTTY);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is LibC.ENOENT or LibC.ENOTDIR ? null
                : errno == ELOOP ? throw Refused(log, "is a symbolic link")
                : errno == LibC.EACCES ? throw new WttException(WttErrorCode.AccessDenied, $"The log '{log.Name}' ({log.Path}) cannot be read by the agent's user; make it readable.")
                : throw new WttException(WttErrorCode.Unknown, $"The log '{log.Name}' ({log.Path}) could not be opened (errno {errno}).");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (!TryIdentify(fd, null, out var mode, out identity) || (mode & S_IFMT) != S_IFREG)
        {
            handle.Dispose();
            throw Refused(log, "is not a regular file");
        }

        return new FileStream(handle, FileAccess.Read, 1);
    }

    /// <summary>Reads the identity of what the path names now, without following a symbolic link.</summary>
    /// <param name="path">The path.</param>
    /// <param name="identity">Its device and inode.</param>
    /// <returns><see langword="false"/> when nothing is there, or not on Linux.</returns>
    public static bool TryIdentifyPath(string path, out (ulong Device, ulong Inode) identity)
    {
        identity = default;
        return OperatingSystem.IsLinux() && TryIdentify(AT_FDCWD, path, out _, out identity);
    }

    private static WttException Refused(LogFileInfo log, string what)
        => new(WttErrorCode.AccessDenied, $"The log '{log.Name}' ({log.Path}) {what}; only a regular file at the registered path is read (a link is resolved when the log is registered, never later). Register the log's real path.");

    private static bool TryIdentify(int fd, string? path, out int mode, out (ulong Device, ulong Inode) identity)
    {
        // struct statx has the same layout on every Linux architecture: stx_mode at 28, stx_ino at 32, stx_dev_major/minor at 136/140.
        var buffer = stackalloc byte[256];
        var result = path is null
            ? statx(fd, string.Empty, AT_EMPTY_PATH, STATX_TYPE | STATX_INO, buffer)
            : statx(fd, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_INO, buffer);
        if (result != 0)
        {
            mode = 0;
            identity = default;
            return false;
        }

        mode = *(ushort*)(buffer + 28);
        identity = (((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140), *(ulong*)(buffer + 32));
        return true;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
