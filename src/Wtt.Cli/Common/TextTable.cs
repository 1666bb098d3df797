// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Cli.Common;

/// <summary>A table of text written with aligned columns, the last one unpadded.</summary>
/// <param name="headers">The column names.</param>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    /// <summary>Adds a row.</summary>
    /// <param name="cells">One cell per column.</param>
    public void Add(params string[] cells) => rows.Add(cells);

    /// <summary>Writes the header and the rows.</summary>
    /// <param name="output">Where to.</param>
    public void WriteTo(TextWriter output)
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(headers))
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
