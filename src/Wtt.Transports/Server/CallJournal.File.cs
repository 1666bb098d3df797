// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;

namespace Wtt.Transports;

internal sealed partial class CallJournal
{
    private const string FileName = "calls.journal";
    private const int CompactAfterLines = 10_000;
    private StreamWriter? writer;
    private int lines;
    private string? path;

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (gate)
        {
            writer?.Dispose();
            writer = null;
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

    private StreamWriter OpenFile(string folder)
    {
        Directory.CreateDirectory(folder);
        path = Path.Combine(folder, FileName);
        return new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
    }

    private void Append(char kind, Guid caller, Guid call)
    {
        if (writer is null)
        {
            return;
        }

        if (++lines > CompactAfterLines)
        {
            Compact();
            if (kind == 'E')
            {
                return;
            }
        }

        writer.WriteLine($"{kind} {caller:D} {call:D}");
    }

    /// <summary>Rewrites the file with only the calls still open.</summary>
    private void Compact()
    {
        writer!.Dispose();
        writer = new StreamWriter(new FileStream(path!, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
        lines = 0;
        foreach (var (caller, ring) in callers)
        {
            foreach (var call in ring.Open())
            {
                writer.WriteLine($"B {caller:D} {call:D}");
                lines++;
            }
        }
    }
}
