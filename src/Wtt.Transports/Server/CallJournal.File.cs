// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers.Text;
using System.IO.MemoryMappedFiles;

namespace Wtt.Transports;

internal sealed partial class CallJournal
{
    private const string FileName = "calls.journal";

    /// <summary>The lines a journal file holds past the open calls it starts with; when it is full it is compacted.</summary>
    private const int FreeLines = 10_000;

    /// <summary>The bytes of one line: a kind, two UUIDs, two spaces and a newline.</summary>
    private const int LineBytes = 1 + 1 + 36 + 1 + 36 + 1;

    private JournalFile? file;
    private string? path;
    private bool? mapped;

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (gate)
        {
            file?.Dispose(trim: true);
            file = null;
        }
    }

    /// <summary>
    /// Reads the journal a previous instance left: its 76-byte lines in order, where a line that is not whole (zero bytes
    /// past the last line written, or a line the kill cut short) names nothing.
    /// </summary>
    private static Dictionary<Guid, IReadOnlyList<Guid>> LoadPrevious(string folder)
    {
        var file = Path.Combine(folder, FileName);
        var open = new Dictionary<Guid, List<Guid>>();
        if (File.Exists(file))
        {
            var bytes = File.ReadAllBytes(file).AsSpan();
            while (bytes.Length >= LineBytes)
            {
                if (!TryParse(bytes[..LineBytes], out var kind, out var caller, out var call))
                {
                    // Not a whole line: the zero bytes past the last one, or a line a failed write cut short, right after
                    // which the next one starts. Lines start with B or E, which a UUID's lower-case digits never hold.
                    var next = bytes[1..].IndexOfAny((byte)'B', (byte)'E');
                    bytes = next < 0 ? [] : bytes[(next + 1)..];
                    continue;
                }

                bytes = bytes[LineBytes..];

                if (!open.TryGetValue(caller, out var calls))
                {
                    open[caller] = calls = [];
                }

                if (kind == 'B')
                {
                    // A journal of an earlier version can name a call twice (see Begin); it is open once.
                    if (!calls.Contains(call))
                    {
                        calls.Add(call);
                    }
                }
                else
                {
                    calls.Remove(call);
                }
            }
        }

        return open.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => (IReadOnlyList<Guid>)p.Value);
    }

    private static bool TryParse(ReadOnlySpan<byte> line, out char kind, out Guid caller, out Guid call)
    {
        kind = (char)line[0];
        caller = call = default;
        return kind is 'B' or 'E' && line[1] == ' ' && line[38] == ' ' && line[75] == '\n'
            && Utf8Parser.TryParse(line[2..38], out caller, out _, 'D')
            && Utf8Parser.TryParse(line[39..75], out call, out _, 'D');
    }

    private static void Format(char kind, Guid caller, Guid call, Span<byte> line)
    {
        line[0] = (byte)kind;
        line[1] = (byte)' ';
        caller.TryFormat(line[2..], out _, "D");
        line[38] = (byte)' ';
        call.TryFormat(line[39..], out _, "D");
        line[75] = (byte)'\n';
    }

    private JournalFile OpenFile(string folder)
    {
        Directory.CreateDirectory(folder);
        path = Path.Combine(folder, FileName);
        RemoveAbandonedFiles(folder);
        mapped ??= JournalFile.Mappable(folder);
        return JournalFile.CreateReplacing(path, FreeLines, [], mapped.Value);
    }

    /// <summary>
    /// Removes the new files (<c>calls.journal.&lt;pid&gt;.&lt;id&gt;.new</c>) that an instance killed between making one and
    /// renaming it left behind: those whose process is gone. Where that cannot be told (off Linux), they stay.
    /// </summary>
    private static void RemoveAbandonedFiles(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, FileName + ".*.new"))
        {
            var parts = Path.GetFileName(file).Split('.');
            if (parts.Length == 5 && int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
    }

    /// <summary>Records a line; the caller holds the gate.</summary>
    private void Append(char kind, Guid caller, Guid call)
    {
        if (file is null)
        {
            return;
        }

        if (file.IsFull)
        {
            // The rewrite holds every call still open, this one included when it begins.
            try
            {
                Compact();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The folder cannot take a new file (a full disk, a permission changed): the journal stops rather than fail
                // every call, and its file goes, since from now on it would name finished calls as unfinished.
                file.Dispose(trim: false);
                file = null;
                try
                {
                    File.Delete(path!);
                }
                catch (Exception deleteError) when (deleteError is IOException or UnauthorizedAccessException)
                {
                }
            }

            return;
        }

        Span<byte> line = stackalloc byte[LineBytes];
        Format(kind, caller, call, line);
        file.Append(line);
    }

    /// <summary>
    /// Rewrites the file with only the calls still open: written whole to a new file that then replaces the old one by a
    /// rename, so a reader, or the next instance after a kill, sees the old file or the new one, never one cut short.
    /// </summary>
    private void Compact()
    {
        var open = new List<(Guid Caller, Guid Call)>();
        foreach (var (caller, ring) in callers)
        {
            foreach (var call in ring.Open())
            {
                open.Add((caller, call));
            }
        }

        var compacted = JournalFile.CreateReplacing(path!, open.Count + FreeLines, open, mapped!.Value);
        file!.Dispose(trim: false);
        file = compacted;
    }

    /// <summary>
    /// One journal file. Each is a new file (its own inode), filled and then renamed over the journal's name, so an instance
    /// never writes into, resizes or trims another's file, even when two share a folder by mistake.
    /// </summary>
    /// <remarks>
    /// On tmpfs, ext4 and xfs the file is mapped shared: a line is a copy into the mapping, with no system call, and is in
    /// the file (the page cache) as soon as it is copied, so a killed agent loses none, as with a <c>write</c> that is not
    /// synced. Its blocks are reserved when it is made, so there a full disk fails the creation, never a copy. Elsewhere
    /// (btrfs and other copy-on-write file systems, network file systems, where a write into a reserved block can still
    /// need new room, and a fault on a full disk would end the process) each line is one <c>write</c>.
    /// </remarks>
    private sealed class JournalFile
    {
        private readonly FileStream stream;
        private readonly MemoryMappedFile? mapping;
        private readonly MemoryMappedViewAccessor? view;
        private readonly int capacity;
        private int lines;

        private JournalFile(FileStream stream, MemoryMappedFile? mapping, MemoryMappedViewAccessor? view, int capacity)
        {
            this.stream = stream;
            this.mapping = mapping;
            this.view = view;
            this.capacity = capacity;
        }

        public bool IsFull => lines == capacity;

        /// <summary>
        /// Makes a new file of room for <paramref name="capacity"/> lines, writes <paramref name="open"/> as begun calls, and
        /// renames it over <paramref name="path"/>.
        /// </summary>
        public static JournalFile CreateReplacing(string path, int capacity, IReadOnlyList<(Guid Caller, Guid Call)> open, bool mapped)
        {
            var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.new";
            var created = Create(temp, capacity, mapped);
            try
            {
                Span<byte> line = stackalloc byte[LineBytes];
                foreach (var (caller, call) in open)
                {
                    Format('B', caller, call, line);
                    created.Append(line);
                }

                File.Move(temp, path, overwrite: true);
                return created;
            }
            catch
            {
                created.Dispose(trim: false);
                File.Delete(temp);
                throw;
            }
        }

        /// <summary>Copies or writes one line after the last; the file is not full.</summary>
        public void Append(ReadOnlySpan<byte> line)
        {
            if (view is not null)
            {
                view.SafeMemoryMappedViewHandle.WriteSpan((ulong)lines * LineBytes, line);
            }
            else
            {
                stream.Write(line);
            }

            lines++;
        }

        /// <summary>Unmaps and closes the file; <paramref name="trim"/> cuts a mapped file to the lines written (a clean stop).</summary>
        public void Dispose(bool trim)
        {
            view?.Dispose();
            mapping?.Dispose();
            if (trim && view is not null)
            {
                try
                {
                    stream.SetLength((long)lines * LineBytes);
                }
                catch (IOException)
                {
                    // The zero bytes past the last line name nothing; the next instance reads the file as it is.
                }
            }

            stream.Dispose();
        }

        private static JournalFile Create(string path, int capacity, bool mapped)
        {
            var size = (long)capacity * LineBytes;
            var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.ReadWrite,
                Share = FileShare.Read | FileShare.Delete,
                PreallocationSize = mapped ? size : 0,
                BufferSize = 0, // written: each line is one write, which a killed agent cannot lose
            });
            if (!mapped)
            {
                return new(stream, null, null, capacity);
            }

            try
            {
                stream.SetLength(size);
                var mapping = MemoryMappedFile.CreateFromFile(stream, null, size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
                try
                {
                    return new(stream, mapping, mapping.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite), capacity);
                }
                catch
                {
                    mapping.Dispose();
                    throw;
                }
            }
            catch
            {
                stream.Dispose();
                File.Delete(path);
                throw;
            }
        }

        /// <summary>Tells whether the folder's file system takes a mapped journal safely (see the remarks).</summary>
        public static bool Mappable(string folder)
        {
            if (!OperatingSystem.IsLinux())
            {
                return false;
            }

            try
            {
                // The type statfs reports, by .NET's name for it (ext2 and ext3 share ext4's).
                return new DriveInfo(folder).DriveFormat is "tmpfs" or "ext2" or "ext3" or "ext4" or "xfs";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return false;
            }
        }
    }
}
