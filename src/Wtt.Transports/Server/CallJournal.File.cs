// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;

namespace Wtt.Transports;

internal sealed partial class CallJournal
{
    private const string FileName = "calls.journal";
    private const int CompactAfterLines = 10_000;

    /// <summary>The bytes of one line: a kind, two UUIDs, two spaces and a newline.</summary>
    private const int LineBytes = 1 + 1 + 36 + 1 + 36 + 1;

    private FileStream? file;
    private int lines;
    private string? path;

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (gate)
        {
            file?.Dispose();
            file = null;
        }
    }

    private static Dictionary<Guid, IReadOnlyList<Guid>> LoadPrevious(string folder)
    {
        var file = Path.Combine(folder, FileName);
        var open = new Dictionary<Guid, List<Guid>>();
        if (File.Exists(file))
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split(' ');
                if (parts.Length != 3 || !Guid.TryParse(parts[1], out var caller) || !Guid.TryParse(parts[2], out var call))
                {
                    continue;
                }

                if (!open.TryGetValue(caller, out var calls))
                {
                    open[caller] = calls = [];
                }

                if (parts[0] == "B")
                {
                    calls.Add(call);
                }
                else if (parts[0] == "E")
                {
                    calls.Remove(call);
                }
            }
        }

        return open.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => (IReadOnlyList<Guid>)p.Value);
    }

    /// <summary>Opens the file unbuffered, so each write is one system call that a killed agent cannot lose.</summary>
    private FileStream OpenFile(string folder)
    {
        Directory.CreateDirectory(folder);
        path = Path.Combine(folder, FileName);
        return Create(path);
    }

    private static FileStream Create(string path) => new(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);

    /// <summary>Records a line; the caller holds the gate.</summary>
    private void Append(char kind, Guid caller, Guid call)
    {
        if (file is null)
        {
            return;
        }

        if (++lines > CompactAfterLines)
        {
            // The rewrite holds every call still open, this one included when it begins.
            Compact();
            return;
        }

        Span<byte> line = stackalloc byte[LineBytes];
        Format(kind, caller, call, line);
        file.Write(line);
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

    /// <summary>
    /// Rewrites the file with only the calls still open: written whole to a new file that then replaces the old one by a
    /// rename, so a reader, or the next instance after a kill, sees the old file or the new one, never one cut short.
    /// </summary>
    private void Compact()
    {
        var temp = path! + ".compacting";
        var compacted = Create(temp);
        var open = new ArrayBufferWriter<byte>();
        foreach (var (caller, ring) in callers)
        {
            foreach (var call in ring.Open())
            {
                Format('B', caller, call, open.GetSpan(LineBytes));
                open.Advance(LineBytes);
            }
        }

        lines = open.WrittenCount / LineBytes;
        try
        {
            compacted.Write(open.WrittenSpan);
            File.Move(temp, path!, overwrite: true);
        }
        catch
        {
            compacted.Dispose();
            throw;
        }

        file!.Dispose();
        file = compacted;
    }
}
