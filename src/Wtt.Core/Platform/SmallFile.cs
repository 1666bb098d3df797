// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Text;
using Wtt.Core.Launching.Native;

namespace Wtt.Core.Platform;

/// <summary>
/// Reads and writes the small kernel files of <c>/proc</c> and the cgroup tree (<c>cgroup.procs</c>,
/// <c>cgroup.kill</c>, a thread's <c>children</c>) and the state documents with one open, a read or write, and a close:
/// no stream, no reader.
/// </summary>
internal static unsafe class SmallFile
{
    /// <summary>The mode a new file is made with (0666: read and write for all, less the umask), as .NET makes files.</summary>
    private const int NewFileMode = 0b110_110_110;

    /// <summary>Whether linking by descriptor was refused once, so unnamed files are linked by their <c>/proc/self/fd</c> path.</summary>
    private static volatile bool s_linkByProcPath;

    /// <summary>Gets or sets whether unnamed files are linked by their <c>/proc/self/fd</c> path (set by the first refused link by descriptor; tests set it).</summary>
    internal static bool LinkByProcPath
    {
        get => s_linkByProcPath;
        set => s_linkByProcPath = value;
    }

    /// <summary>Opens a file for reading (Linux).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The file descriptor, which the caller closes; -1 when the file cannot be opened.</returns>
    public static int OpenForReading(string path) => Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);

    /// <summary>
    /// Tells whether an open small file's text (its first 512 bytes) contains <paramref name="text"/>, read from its start
    /// with <c>pread</c>: a kernel file (<c>cgroup.events</c>) is made anew at each read from offset 0, so one descriptor
    /// serves every later read.
    /// </summary>
    /// <param name="fd">The file, open for reading.</param>
    /// <param name="text">The ASCII text to look for.</param>
    /// <returns>Whether it is there; <see langword="null"/> when the file cannot be read (a cgroup folder removed since).</returns>
    public static bool? ContainsFromStart(int fd, ReadOnlySpan<byte> text)
    {
        Span<byte> buffer = stackalloc byte[512];
        var length = 0;
        while (length < buffer.Length)
        {
            nint count;
            fixed (byte* p = buffer[length..])
            {
                count = LibC.pread(fd, p, buffer.Length - length, length);
            }

            if (count < 0)
            {
                return null;
            }

            if (count == 0)
            {
                break;
            }

            length += (int)count;
        }

        return buffer[..length].IndexOf(text) >= 0;
    }

    /// <summary>Appends the whitespace-separated decimal numbers of a file to <paramref name="into"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="into">The list to add to.</param>
    /// <returns><see langword="false"/> when the file cannot be opened or read (gone, no permission).</returns>
    public static bool TryReadNumbers(string path, List<int> into)
    {
        var fd = Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var number = -1;
            while (true)
            {
                nint count;
                fixed (byte* p = buffer)
                {
                    count = LibC.read(fd, p, buffer.Length);
                }

                if (count < 0)
                {
                    return false;
                }

                for (var i = 0; i < count; i++)
                {
                    var b = buffer[i];
                    if (b is >= (byte)'0' and <= (byte)'9')
                    {
                        number = (number < 0 ? 0 : number * 10) + (b - '0');
                    }
                    else if (number >= 0)
                    {
                        into.Add(number);
                        number = -1;
                    }
                }

                if (count == 0)
                {
                    if (number >= 0)
                    {
                        into.Add(number);
                    }

                    return true;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _ = LibC.close(fd);
        }
    }

    /// <summary>
    /// Reads a whole file that is replaced, never rewritten in place (a state document), into a buffer from the shared
    /// pool: on Linux one open, a read, the read that finds the end, and a close, without the <c>flock</c> and the two
    /// <c>fstat</c> calls that <see cref="File.OpenHandle"/> and <see cref="RandomAccess"/> add.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="buffer">A buffer rented from <see cref="ArrayPool{T}.Shared"/>; replaced by a larger rented one (the smaller returned) when the file does not fit. The caller returns it.</param>
    /// <returns>The number of bytes read, or -1 when the file or its folder does not exist.</returns>
    /// <exception cref="IOException">The file cannot be read (the message holds the system's reason).</exception>
    /// <exception cref="UnauthorizedAccessException">The file is not readable by this user.</exception>
    public static int ReadAll(string path, ref byte[] buffer) => ReadAll(path, ref buffer, keep: false, out _);

    /// <summary>
    /// As <see cref="ReadAll(string, ref byte[])"/>; with <paramref name="keep"/> (Linux), the file stays open and comes back
    /// with its size and modification time noted, so a later read can ask whether it is still the file at its path
    /// (<see cref="KeptFile.IsUnchanged"/>) instead of reading it again.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="buffer">A buffer rented from <see cref="ArrayPool{T}.Shared"/>, as for <see cref="ReadAll(string, ref byte[])"/>.</param>
    /// <param name="keep">Whether to keep the file open.</param>
    /// <param name="kept">The file kept open; <see langword="null"/> when not asked for, not on Linux, or its version cannot be read.</param>
    /// <returns>The number of bytes read, or -1 when the file or its folder does not exist.</returns>
    /// <exception cref="IOException">The file cannot be read (the message holds the system's reason).</exception>
    /// <exception cref="UnauthorizedAccessException">The file is not readable by this user.</exception>
    public static int ReadAll(string path, ref byte[] buffer, bool keep, out KeptFile? kept)
    {
        kept = null;
        if (!OperatingSystem.IsLinux())
        {
            return ReadAllPortable(path, ref buffer);
        }

        var fd = Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            return System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is LibC.ENOENT or LibC.ENOTDIR ? -1 : throw Error(path, "open");
        }

        var read = 0;
        var complete = false;
        try
        {
            while (true)
            {
                if (read == buffer.Length)
                {
                    Grow(ref buffer, read);
                }

                nint count;
                fixed (byte* p = buffer)
                {
                    count = LibC.read(fd, p + read, buffer.Length - read);
                }

                if (count < 0)
                {
                    if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == LibC.EINTR)
                    {
                        continue;
                    }

                    throw Error(path, "read");
                }

                if (count == 0)
                {
                    complete = true;
                    return read;
                }

                // Read on to the end even after a short read: a short read is the end on a local file system, but not on
                // every one (FUSE), and a document cut short would read as corrupt.
                read += (int)count;
            }
        }
        finally
        {
            if (complete && keep)
            {
                kept = KeptFile.Adopt(fd);
                if (!kept.NoteVersion())
                {
                    kept.Dispose();
                    kept = null;
                }
            }
            else
            {
                _ = LibC.close(fd);
            }
        }
    }

    /// <summary>
    /// Tells whether a path lies on a local file system whose files the kernel tracks itself (tmpfs, ramfs, ext2–4, xfs,
    /// btrfs, f2fs, overlayfs): there a file kept open tells at once whether it was replaced. On a network file system
    /// the attributes of an open file may come from a cache, so only an open tells for sure.
    /// </summary>
    /// <param name="path">An existing file or folder.</param>
    /// <returns><see langword="false"/> off Linux, for another file system, or when the path cannot be read.</returns>
    public static bool IsLocalFileSystem(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var buffer = stackalloc byte[256]; // struct statfs: 120 bytes on 64-bit Linux, f_type first
        if (LibC.statfs(path, buffer) != 0)
        {
            return false;
        }

        var type = (uint)*(nint*)buffer;
        return type is 0x01021994 /* tmpfs */ or 0x858458F6 /* ramfs */ or 0xEF53 /* ext2-4 */ or 0x58465342 /* xfs */
            or 0x9123683E /* btrfs */ or 0xF2F52010 /* f2fs */ or 0x794C7630 /* overlayfs */;
    }

    private static int ReadAllPortable(string path, ref byte[] buffer)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var read = 0;
            while (true)
            {
                if (read == buffer.Length)
                {
                    Grow(ref buffer, read);
                }

                var count = RandomAccess.Read(handle, buffer.AsSpan(read), read);
                if (count == 0)
                {
                    return read;
                }

                read += count;
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return -1;
        }
    }

    private static void Grow(ref byte[] buffer, int used)
    {
        var larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    /// <summary>Writes ASCII text to an existing file with one <c>write</c>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">The text (at most 64 characters).</param>
    /// <returns><see langword="true"/> when every byte was written.</returns>
    public static bool TryWrite(string path, string text)
    {
        Span<byte> bytes = stackalloc byte[64];
        var length = Encoding.ASCII.GetBytes(text, bytes);
        var fd = Open(path, LibC.O_WRONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            fixed (byte* p = bytes)
            {
                return LibC.write(fd, p, length) == length;
            }
        }
        finally
        {
            _ = LibC.close(fd);
        }
    }

    /// <summary>
    /// Creates a file with <paramref name="bytes"/> as its content with one open, one write and a close (on Linux, no
    /// <c>flock</c> or stat that a <see cref="FileStream"/> adds); the file must not exist unless <paramref name="replace"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="bytes">The content.</param>
    /// <param name="replace">Whether an existing file is truncated instead of failing the call.</param>
    /// <exception cref="IOException">The file cannot be created or written (the message holds the system's reason).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable by this user.</exception>
    public static void Create(string path, ReadOnlySpan<byte> bytes, bool replace)
    {
        if (!TryCreate(path, bytes, replace))
        {
            throw new IOException($"Cannot create {path}: it exists; remove it, or write under another name.", LibC.EEXIST);
        }
    }

    /// <summary>As <see cref="Create"/>, but a file that exists (without <paramref name="replace"/>) is no failure.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bytes">The content.</param>
    /// <param name="replace">Whether an existing file is truncated.</param>
    /// <returns><see langword="false"/> when the file exists and <paramref name="replace"/> is not set: nothing was written.</returns>
    /// <exception cref="IOException">The file cannot be created or written (the message holds the system's reason).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable by this user.</exception>
    public static bool TryCreate(string path, ReadOnlySpan<byte> bytes, bool replace)
    {
        if (!OperatingSystem.IsLinux())
        {
            FileStream stream;
            try
            {
                stream = new FileStream(path, replace ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
            }
            catch (IOException) when (!replace && File.Exists(path))
            {
                return false;
            }

            using (stream)
            {
                stream.Write(bytes);
            }

            return true;
        }

        const int OCreat = 0x40, OExcl = 0x80, OTrunc = 0x200;
        var fd = Open(path, LibC.O_WRONLY | LibC.O_CLOEXEC | OCreat | (replace ? OTrunc : OExcl), NewFileMode);
        if (fd < 0)
        {
            return !replace && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == LibC.EEXIST ? false : throw Error(path, "create");
        }

        try
        {
            WriteAll(fd, bytes, path);
            return true;
        }
        finally
        {
            _ = LibC.close(fd);
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> with <paramref name="bytes"/> unless a file is there, so that no reader sees it
    /// part written, in three system calls on Linux: the bytes go to an unnamed file of <paramref name="folder"/>
    /// (<c>O_TMPFILE</c>), which is then linked at the path (<c>linkat</c>, which refuses when a file is there) and
    /// closed. A temporary name and a rename would take a fourth call and the folder's rename lock; a failed write
    /// leaves nothing.
    /// </summary>
    /// <param name="folder">The folder of <paramref name="path"/>.</param>
    /// <param name="path">The file.</param>
    /// <param name="bytes">The content.</param>
    /// <param name="directory">
    /// A folder kept open that <paramref name="folder"/> and <paramref name="path"/> are relative to (see
    /// <see cref="KeptFolder"/>), so the kernel looks up only their own components; <c>AT_FDCWD</c> for paths as given.
    /// </param>
    /// <returns>
    /// <see langword="true"/> when the file was made; <see langword="false"/> when a file was there (nothing written);
    /// <see langword="null"/> when this system or file system makes no unnamed files (not Linux, a file system without
    /// <c>O_TMPFILE</c>, <c>/proc</c> not mounted where the kernel wants it for the link): write a temporary file and
    /// move it.
    /// </returns>
    /// <exception cref="DirectoryNotFoundException">The folder is not there.</exception>
    /// <exception cref="IOException">The file cannot be written or linked (the message says why).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable by this user.</exception>
    public static bool? TryCreateWhole(string folder, string path, ReadOnlySpan<byte> bytes, int directory = LibC.AT_FDCWD)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var flags = LibC.O_WRONLY | LibC.O_CLOEXEC | LibC.O_TMPFILE;
        var fd = directory == LibC.AT_FDCWD ? Open(folder, flags, NewFileMode) : LibC.openat(directory, folder, flags, NewFileMode);
        if (fd < 0)
        {
            var refused = System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is LibC.EOPNOTSUPP or LibC.EISDIR or LibC.EINVAL;
            return refused ? null : throw Error(folder, "make an unnamed file in");
        }

        try
        {
            WriteAll(fd, bytes, path);
            return Link(fd, path, directory);
        }
        finally
        {
            _ = LibC.close(fd);
        }
    }

    /// <summary>
    /// Links an unnamed file at <paramref name="path"/> (relative to <paramref name="directory"/>): by its descriptor
    /// (<c>AT_EMPTY_PATH</c>, which kernels before 6.10 allow only with <c>CAP_DAC_READ_SEARCH</c>, answering ENOENT),
    /// else by its <c>/proc/self/fd</c> link, the way open(2) gives; a refused first way is not tried again by this
    /// process.
    /// </summary>
    /// <returns>
    /// <see langword="true"/> when linked; <see langword="false"/> when a file is there; <see langword="null"/> when
    /// neither way can link.
    /// </returns>
    private static bool? Link(int fd, string path, int directory)
    {
        if (!s_linkByProcPath)
        {
            if (LibC.linkat(fd, string.Empty, directory, path, LibC.AT_EMPTY_PATH) == 0)
            {
                return true;
            }

            switch (System.Runtime.InteropServices.Marshal.GetLastPInvokeError())
            {
                case LibC.EEXIST:
                    return false;
                case LibC.ENOENT or LibC.EPERM:
                    break; // No right to link by descriptor, or the folder is gone: the second way tells which.
                default:
                    throw Error(path, "link the written file to");
            }
        }

        if (LibC.linkat(LibC.AT_FDCWD, $"/proc/self/fd/{fd}", directory, path, LibC.AT_SYMLINK_FOLLOW) == 0)
        {
            s_linkByProcPath = true;
            return true;
        }

        return System.Runtime.InteropServices.Marshal.GetLastPInvokeError() switch
        {
            LibC.EEXIST => false,
            LibC.ENOENT when directory != LibC.AT_FDCWD || !Directory.Exists(Path.GetDirectoryName(path))
                => throw new DirectoryNotFoundException($"Cannot link the written file to {path}: its folder is not there."),
            LibC.ENOENT => null, // No /proc/self/fd to link by.
            _ => throw Error(path, "link the written file to"),
        };
    }

    /// <summary>Writes every byte to a file descriptor.</summary>
    private static void WriteAll(int fd, ReadOnlySpan<byte> bytes, string path)
    {
        fixed (byte* p = bytes)
        {
            var written = 0;
            while (written < bytes.Length)
            {
                var count = LibC.write(fd, p + written, bytes.Length - written);
                if (count <= 0)
                {
                    throw Error(path, "write");
                }

                written += (int)count;
            }
        }
    }

    /// <summary>
    /// Moves the file <paramref name="source"/> to <paramref name="target"/> unless a file is there, in one atomic step:
    /// <c>renameat2</c> with <c>RENAME_NOREPLACE</c> on Linux; where the file system refuses that flag, and elsewhere,
    /// <see cref="File.Move(string, string, bool)"/> without overwrite (a hard link, then the source's removal).
    /// </summary>
    /// <param name="source">The file to move, in the same file system as <paramref name="target"/>.</param>
    /// <param name="target">Where it goes.</param>
    /// <returns><see langword="false"/> when <paramref name="target"/> exists: nothing was moved.</returns>
    /// <exception cref="IOException">The move failed for another reason (the message holds the system's reason).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable by this user.</exception>
    public static bool TryMoveNew(string source, string target)
    {
        if (OperatingSystem.IsLinux())
        {
            if (LibC.renameat2(LibC.AT_FDCWD, source, LibC.AT_FDCWD, target, LibC.RENAME_NOREPLACE) == 0)
            {
                return true;
            }

            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno == LibC.EEXIST)
            {
                return false;
            }

            if (errno is not (LibC.EINVAL or LibC.ENOSYS))
            {
                throw Error(target, $"move {source} to");
            }
        }

        try
        {
            File.Move(source, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
    }

    /// <summary>
    /// Replaces <paramref name="target"/> with the file <paramref name="source"/> in one atomic <c>rename</c> (on Linux,
    /// without the two <c>lstat</c> calls by which <see cref="File.Move(string, string, bool)"/> checks what it moves).
    /// </summary>
    /// <param name="source">The file to move, in the same file system as <paramref name="target"/>.</param>
    /// <param name="target">The file it replaces, if any.</param>
    /// <exception cref="IOException">The rename failed (the message holds the system's reason).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable by this user.</exception>
    public static void Replace(string source, string target)
    {
        if (!OperatingSystem.IsLinux())
        {
            File.Move(source, target, overwrite: true);
            return;
        }

        if (LibC.rename(source, target) != 0)
        {
            throw Error(target, $"move {source} to");
        }
    }

    /// <summary>Opens a file for reading and writing, creating it when missing (Linux).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The file descriptor; the caller closes it.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or file is not writable by this user.</exception>
    /// <exception cref="IOException">The file cannot be opened (the message holds the system's reason).</exception>
    public static int OpenOrCreate(string path)
    {
        var fd = Open(path, LibC.O_RDWR | LibC.O_CREAT | LibC.O_CLOEXEC, NewFileMode);
        return fd >= 0 ? fd : throw Error(path, "open");
    }

    /// <summary>Sets a file's or folder's last-write time, leaving its last-access time: one <c>utimensat</c> on Linux.</summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="utc">The time.</param>
    /// <returns><see langword="false"/> when the path does not exist.</returns>
    /// <exception cref="IOException">The time cannot be set (the message holds the system's reason).</exception>
    /// <exception cref="UnauthorizedAccessException">The path is not writable by this user.</exception>
    public static bool TrySetLastWriteTime(string path, DateTime utc)
    {
        if (!OperatingSystem.IsLinux())
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.SetLastWriteTimeUtc(path, utc);
                }
                else
                {
                    File.SetLastWriteTimeUtc(path, utc);
                }

                return true;
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return false;
            }
        }

        // Ticks count from year 1, so their division floors the seconds before 1970 too (the epoch is a whole second).
        var times = stackalloc LibC.TimeSpec[2];
        times[0] = new LibC.TimeSpec { Nanoseconds = LibC.UTIME_OMIT };
        times[1] = new LibC.TimeSpec
        {
            Seconds = (utc.Ticks / TimeSpan.TicksPerSecond) - (DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerSecond),
            Nanoseconds = utc.Ticks % TimeSpan.TicksPerSecond * 100,
        };
        if (LibC.utimensat(LibC.AT_FDCWD, path, times, 0) == 0)
        {
            return true;
        }

        return System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is LibC.ENOENT or LibC.ENOTDIR ? false : throw Error(path, "set the last-write time of");
    }

    private static Exception Error(string path, string what)
    {
        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        var message = $"Cannot {what} {path}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).";
        return errno switch
        {
            LibC.EACCES or 1 => new UnauthorizedAccessException(message),
            LibC.ENOENT => new DirectoryNotFoundException(message),
            _ => new IOException(message, errno),
        };
    }

    private static int Open(string path, int flags, int mode = 0)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(path.Length) + 1];
        var length = Encoding.UTF8.GetBytes(path, utf8);
        utf8[length] = 0;
        fixed (byte* p = utf8)
        {
            return mode == 0 ? LibC.open(p, flags) : LibC.open(p, flags, mode);
        }
    }
}
