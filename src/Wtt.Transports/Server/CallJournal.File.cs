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
            for (; bytes.Length >= LineBytes; bytes = bytes[LineBytes..])
            {
                if (!TryParse(bytes[..LineBytes], out var kind, out var caller, out var call))
                {
                    continue;
                }

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
        return JournalFile.Create(path, FreeLines);
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
            Compact();
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

        var temp = path! + ".compacting";
        var compacted = JournalFile.Create(temp, open.Count + FreeLines);
        try
        {
            Span<byte> line = stackalloc byte[LineBytes];
            foreach (var (caller, call) in open)
            {
                Format('B', caller, call, line);
                compacted.Append(line);
            }

            File.Move(temp, path!, overwrite: true);
        }
        catch
        {
            compacted.Dispose(trim: false);
            throw;
        }

        file!.Dispose(trim: false);
        file = compacted;
    }

    /// <summary>
    /// One journal file, mapped shared: a line is a copy into the mapping, with no system call, and is in the file (the page
    /// cache) as soon as it is copied, so a killed agent loses none; only the machine's own crash can, as with a
    /// <c>write</c> that is not synced. Its blocks are reserved when it is made, so a full disk fails the open, never a
    /// line's copy.
    /// </summary>
    private sealed class JournalFile
    {
        private readonly FileStream stream;
        private readonly MemoryMappedFile mapping;
        private readonly MemoryMappedViewAccessor view;
        private readonly int capacity;
        private int lines;

        private JournalFile(FileStream stream, MemoryMappedFile mapping, MemoryMappedViewAccessor view, int capacity)
        {
            this.stream = stream;
            this.mapping = mapping;
            this.view = view;
            this.capacity = capacity;
        }

        public bool IsFull => lines == capacity;

        /// <summary>Creates (or empties) a file of <paramref name="capacity"/> lines, all zero bytes, and maps it.</summary>
        public static JournalFile Create(string path, int capacity)
        {
            var size = (long)capacity * LineBytes;
            var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.ReadWrite,
                Share = FileShare.Read | FileShare.Delete,
                PreallocationSize = size,
            });
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
                throw;
            }
        }

        /// <summary>Copies one line after the last; the file is not full.</summary>
        public void Append(ReadOnlySpan<byte> line)
        {
            view.SafeMemoryMappedViewHandle.WriteSpan((ulong)lines * LineBytes, line);
            lines++;
        }

        /// <summary>Unmaps and closes the file; <paramref name="trim"/> cuts it to the lines written (a clean stop).</summary>
        public void Dispose(bool trim)
        {
            view.Dispose();
            mapping.Dispose();
            if (trim)
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
    }
}
