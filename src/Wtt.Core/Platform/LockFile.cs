// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Platform;

/// <summary>
/// A cross-process lock held by opening a file with <see cref="FileShare.None"/> (an exclusive flock on Unix, a
/// sharing lock on Windows); the kernel releases it when the holder dies, so a dead holder never wedges it.
/// </summary>
internal static class LockFile
{
    /// <summary>Takes the lock, retrying with a short real-time back-off while another process holds it.</summary>
    /// <param name="path">The lock file (created when missing).</param>
    /// <param name="cancellationToken">Ends the attempt.</param>
    /// <returns>The open file; dispose it to release the lock.</returns>
    public static async ValueTask<FileStream> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var delay = 1;
        while (true)
        {
            if (TryOpen(path) is { } stream)
            {
                return stream;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(delay), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 20);
        }
    }

    /// <summary>Takes the lock, blocking the thread with a short back-off while another process holds it.</summary>
    /// <param name="path">The lock file (created when missing).</param>
    /// <returns>The open file; dispose it to release the lock.</returns>
    public static FileStream Acquire(string path)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            if (TryOpen(path) is { } stream)
            {
                return stream;
            }

            spinner.SpinOnce(sleep1Threshold: 10);
        }
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
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
