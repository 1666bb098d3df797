// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Wtt.Core.Events;

/// <summary>Appends a record to a file with one <c>write</c> on a descriptor opened with <c>O_APPEND</c>, so concurrent appenders in any process never interleave.</summary>
internal static partial class AtomicAppend
{
    private const int OWronly = 0x1;
    private const int OCreat = 0x40;
    private const int OAppend = 0x400;
    private const int OCloexec = 0x80000;

    public static void Write(string path, ReadOnlySpan<byte> record)
    {
        if (!OperatingSystem.IsLinux())
        {
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
            file.Write(record);
            return;
        }

        using var queue = OpenForAppend(path);
        Write(queue, path, record);
    }

    /// <summary>Opens a file for appending (created when missing), for <see cref="Write(SafeFileHandle, string, ReadOnlySpan{byte})"/> (Linux).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The open file.</returns>
    public static SafeFileHandle OpenForAppend(string path)
    {
        var fd = Open(path, OWronly | OCreat | OAppend | OCloexec, Convert.ToInt32("600", 8));
        return fd < 0 ? throw OpenFailed(path) : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Appends a record with one <c>write</c> to a file opened by <see cref="OpenForAppend"/>.</summary>
    /// <param name="file">The open file.</param>
    /// <param name="path">Its path (or folder), for the error.</param>
    /// <param name="record">The record.</param>
    public static void Write(SafeFileHandle file, string path, ReadOnlySpan<byte> record)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            var written = WriteBytes((int)file.DangerousGetHandle(), ref MemoryMarshal.GetReference(record), record.Length);
            if (written != record.Length)
            {
                throw WriteFailed(path);
            }
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    private static WttException OpenFailed(string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new WttException(
            errno == 13 ? WttErrorCode.AccessDenied : WttErrorCode.Unknown,
            $"Cannot open the event queue {path} (errno {errno}: {Marshal.GetPInvokeErrorMessage(errno)}); check that the state folder is writable by this user.");
    }

    private static WttException WriteFailed(string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new WttException(WttErrorCode.Unknown, $"Writing the event queue {path} failed (errno {errno}: {Marshal.GetPInvokeErrorMessage(errno)}); check free space in the state folder.");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteBytes(int fd, ref byte buffer, nint count);

}
