// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Wtt.Core.Launching.Native;

namespace Wtt.Core.Platform;

/// <summary>
/// A small file kept open (Linux) so it can be checked or read again without a path lookup and an open: a state
/// document, which is replaced by a rename and never written in place, so the one kept is current for as long as it is
/// still linked with the size and modification time it was read with (one <c>statx</c>); or a <c>/proc</c> stat file,
/// read again from its start (one <c>pread</c>) for as long as its process exists.
/// </summary>
internal sealed unsafe class KeptFile : SafeHandleMinusOneIsInvalid
{
    private const uint StatxNlink = 0x4;
    private const uint StatxMtime = 0x40;
    private const uint StatxSize = 0x200;
    private const int StatxBufferBytes = 256;

    private volatile bool used = true;
    private long size;
    private long mtimeSeconds;
    private uint mtimeNanoseconds;

    private KeptFile(int fd)
        : base(ownsHandle: true) => SetHandle(fd);

    /// <summary>
    /// Gets or sets a value indicating whether the file was used since its keeper last looked (a keeper with more files
    /// than it keeps closes the ones not used; a new file counts as used).
    /// </summary>
    public bool Used
    {
        get => used;
        set => used = value;
    }

    /// <summary>Takes over an open fd; the handle closes it.</summary>
    /// <param name="fd">The fd, open for reading.</param>
    /// <returns>The handle.</returns>
    public static KeptFile Adopt(int fd) => new(fd);

    /// <summary>Opens a file to keep (close-on-exec, read-only).</summary>
    /// <param name="path">The NUL-terminated UTF-8 path.</param>
    /// <returns>The handle, or <see langword="null"/> when the file cannot be opened.</returns>
    public static KeptFile? Open(ReadOnlySpan<byte> path)
    {
        fixed (byte* p = path)
        {
            var fd = LibC.open(p, LibC.O_RDONLY | LibC.O_CLOEXEC);
            return fd < 0 ? null : new KeptFile(fd);
        }
    }

    /// <summary>Notes the file's size and modification time as they are now, which <see cref="IsUnchanged"/> compares with.</summary>
    /// <returns><see langword="false"/> when they cannot be read (no statx): the file cannot be checked and should not be kept.</returns>
    public bool NoteVersion()
    {
        var buffer = stackalloc byte[StatxBufferBytes];
        if (!Statx(buffer))
        {
            return false;
        }

        size = *(long*)(buffer + 40);
        mtimeSeconds = *(long*)(buffer + 112);
        mtimeNanoseconds = *(uint*)(buffer + 120);
        return true;
    }

    /// <summary>
    /// Tells whether the file is still linked with the size and modification time <see cref="NoteVersion"/> saw: for a file
    /// that is only ever replaced by a rename, whether it is still the one at its path.
    /// </summary>
    /// <returns><see langword="false"/> when it was replaced or removed, changed, or cannot be checked (closed meanwhile).</returns>
    public bool IsUnchanged()
    {
        var buffer = stackalloc byte[StatxBufferBytes];
        return Statx(buffer)
            && *(uint*)(buffer + 16) > 0
            && *(long*)(buffer + 40) == size
            && *(long*)(buffer + 112) == mtimeSeconds
            && *(uint*)(buffer + 120) == mtimeNanoseconds;
    }

    /// <summary>Reads the file from its start with one <c>pread</c>.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>The bytes read; -1 when the read failed (for a <c>/proc</c> file, the process is gone) or the handle was closed meanwhile.</returns>
    public int ReadFromStart(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return (int)OnFile(&PreadFromStart, p, buffer.Length);
        }
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;

    private bool Statx(byte* buffer) => OnFile(&StatxVersion, buffer, 0) == 0;

    private static nint PreadFromStart(int fd, byte* buffer, nint length)
    {
        nint count;
        do
        {
            count = LibC.pread(fd, buffer, length, 0);
        }
        while (count < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);

        return count;
    }

    private static nint StatxVersion(int fd, byte* buffer, nint length) => Syscalls.Statx(fd, StatxNlink | StatxSize | StatxMtime, buffer);

    /// <summary>Runs a system call on the fd, holding the handle open meanwhile; -1 when it was closed before.</summary>
    private nint OnFile(delegate*<int, byte*, nint, nint> call, byte* buffer, nint length)
    {
        var added = false;
        try
        {
            DangerousAddRef(ref added);
            return call((int)handle, buffer, length);
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }
}
