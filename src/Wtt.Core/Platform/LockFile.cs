// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Win32.SafeHandles;
using Wtt.Core.Launching.Native;

namespace Wtt.Core.Platform;

/// <summary>
/// A cross-process lock held by an open file: an exclusive <c>flock</c> on Linux (one open, one <c>flock</c>, released by
/// the close), <see cref="FileShare.None"/> elsewhere (a flock on other Unixes, a sharing lock on Windows); the kernel
/// releases it when the holder dies, so a dead holder never wedges it. On a file system that has no <c>flock</c> the
/// file is opened without the lock, as .NET's <see cref="FileShare.None"/> does.
/// </summary>
internal static class LockFile
{
    /// <summary>Takes the lock, retrying with a short real-time back-off while another process holds it.</summary>
    /// <param name="path">The lock file (created when missing).</param>
    /// <param name="cancellationToken">Ends the attempt.</param>
    /// <returns>The open file; dispose it to release the lock.</returns>
    /// <exception cref="DirectoryNotFoundException">The lock file's folder does not exist.</exception>
    public static async ValueTask<SafeFileHandle> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var delay = 1;
        while (true)
        {
            if (TryOpen(path) is { } held)
            {
                return held;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(delay), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 20);
        }
    }

    /// <summary>Takes the lock, blocking the thread with a short back-off while another process holds it.</summary>
    /// <param name="path">The lock file (created when missing).</param>
    /// <returns>The open file; dispose it to release the lock.</returns>
    /// <exception cref="DirectoryNotFoundException">The lock file's folder does not exist.</exception>
    public static SafeFileHandle Acquire(string path)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            if (TryOpen(path) is { } held)
            {
                return held;
            }

            spinner.SpinOnce(sleep1Threshold: 10);
        }
    }

    /// <summary>Opens the file and takes its lock without waiting.</summary>
    /// <returns>The open file, or <see langword="null"/> while another holder has the lock.</returns>
    private static SafeFileHandle? TryOpen(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var fd = SmallFile.OpenOrCreate(path);
            var handle = new SafeFileHandle(fd, ownsHandle: true);
            if (LibC.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) == 0)
            {
                return handle;
            }

            // Held elsewhere: try again. Any other failure (a file system without flock, such as some network or FUSE
            // mounts) leaves the file unlocked, as .NET's own FileShare.None open does.
            if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is LibC.EAGAIN or LibC.EINTR)
            {
                handle.Dispose();
                return null;
            }

            return handle;
        }

        try
        {
            return File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (IsSharingViolation(ex))
        {
            return null;
        }
    }

    /// <summary>Tells whether an exception says another holder has the file open exclusively.</summary>
    /// <param name="error">The exception of an open.</param>
    /// <returns><see langword="true"/> for a sharing violation (EWOULDBLOCK from flock on Unix, ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION on Windows).</returns>
    internal static bool IsSharingViolation(IOException error)
        => error is not FileNotFoundException and not DirectoryNotFoundException
            && error.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}
