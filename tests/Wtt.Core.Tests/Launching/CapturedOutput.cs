// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;
using System.Threading.Channels;

namespace Wtt.Core.Tests.Launching;

/// <summary>Reads a launched process's output in the background: stdout as lines, both streams as text and chunks.</summary>
internal sealed class CapturedOutput
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<OutputChunk> _chunks = [];

    public CapturedOutput(ILaunchedProcess process) => Completion = Task.Run(() => PumpAsync(process));

    public Task Completion { get; }

    public List<OutputChunk> Chunks
    {
        get
        {
            lock (_chunks)
            {
                return [.. _chunks];
            }
        }
    }

    public string StandardOutput => _stdout.ToString();

    public string StandardError => _stderr.ToString();

    public async Task<string> NextLineAsync() => await _lines.Reader.ReadAsync();

    /// <summary>Reads stdout lines until <paramref name="marker"/>, returning those before it.</summary>
    public async Task<List<string>> ReadUntilAsync(string marker)
    {
        var lines = new List<string>();
        string line;
        while ((line = await NextLineAsync()) != marker)
        {
            lines.Add(line);
        }

        return lines;
    }

    private async Task PumpAsync(ILaunchedProcess process)
    {
        var pending = new StringBuilder();
        await foreach (var chunk in process.Output)
        {
            lock (_chunks)
            {
                _chunks.Add(chunk);
            }

            var text = chunk.Text();
            if (chunk.Source == OutputSource.StandardError)
            {
                _ = _stderr.Append(text);
                continue;
            }

            _ = _stdout.Append(text);
            _ = pending.Append(text);
            var all = pending.ToString();
            var lastNewLine = all.LastIndexOf('\n');
            if (lastNewLine < 0)
            {
                continue;
            }

            foreach (var line in all[..lastNewLine].Split('\n'))
            {
                _ = _lines.Writer.TryWrite(line);
            }

            _ = pending.Clear().Append(all[(lastNewLine + 1)..]);
        }

        _ = _lines.Writer.TryComplete();
    }
}
