// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

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

        var fd = Open(path, OWronly | OCreat | OAppend | OCloexec, Convert.ToInt32("600", 8));
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new WttException(
                errno == 13 ? WttErrorCode.AccessDenied : WttErrorCode.Unknown,
                $"Cannot open the event queue {path} (errno {errno}: {Marshal.GetPInvokeErrorMessage(errno)}); check that the state folder is writable by this user.");
        }

        try
        {
            var written = WriteBytes(fd, ref MemoryMarshal.GetReference(record), record.Length);
            if (written != record.Length)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new WttException(WttErrorCode.Unknown, $"Writing the event queue {path} failed (errno {errno}: {Marshal.GetPInvokeErrorMessage(errno)}); check free space in the state folder.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteBytes(int fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
