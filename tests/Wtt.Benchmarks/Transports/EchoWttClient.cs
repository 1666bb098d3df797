// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Benchmarks.Transports;

/// <summary>A served client that answers at once, so a benchmark measures the remote layer only.</summary>
internal sealed class EchoWttClient : IWttClient
{
    private static readonly NotSupportedException Unused = new("Not used by the benchmarks.");
    private static readonly DateTimeOffset Started = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);
    private static readonly ProcessInfo Sleeping = new(WttProcessId.Nil)
    {
        Kind = ProcessKind.Plain,
        Status = ProcessStatus.Running,
        Pid = 12345,
        CreatedAt = Started,
        StartedAt = Started,
        FileName = "/bin/sleep",
        Arguments = ["3600"],
        Threads = [new ThreadInfo("sleep") { OsThreadId = 12345, State = "S" }],
    };

    public string MachineName => "bench-agent";

    public ValueTask<WttProcessHandle> OpenProcessAsync(WttProcessId id, string? machine = null, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(new WttProcessHandle(id, machine));

    public ValueTask<ProcessInfo?> GetCurrentProcessInfoAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<ProcessInfo?>(null);

    public ValueTask<WttProcessHandle> CreateProcessAsync(ProcessStartSpec spec, CancellationToken cancellationToken = default) => throw Unused;

    public ValueTask<SignalResult> SignalAsync(ProcessSet processes, WttSignal signal, CancellationToken cancellationToken = default) => throw Unused;

    public ValueTask<SignalResult> TerminateAsync(ProcessSet processes, TerminateOptions? options = null, CancellationToken cancellationToken = default) => throw Unused;

    public ValueTask<WaitResult> WaitAsync(ProcessSet processes, WaitOptions? options = null, CancellationToken cancellationToken = default) => throw Unused;

    /// <summary>Answers with the info of a running <c>/bin/sleep</c>, as an agent's machine would.</summary>
    public ValueTask<ProcessInfo> GetProcessInfoAsync(WttProcessHandle process, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Sleeping with { Id = process.Id });

    public ValueTask<IReadOnlyList<ProcessInfo>> GetProcessListAsync(ProcessListOptions? options = null, CancellationToken cancellationToken = default) => throw Unused;

    /// <summary>Gets or sets how many chunks a tail yields.</summary>
    public int ChunkCount { get; set; } = 256;

    /// <summary>Gets or sets the bytes of each chunk.</summary>
    public ReadOnlyMemory<byte> Chunk { get; set; } = new byte[64 * 1024];

    public IAsyncEnumerable<OutputChunk> TailLogAsync(WttProcessHandle process, TailOptions? options = null, CancellationToken cancellationToken = default)
        => ChunksAsync(process.Id);

    public IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessHandle process, OutputReadOptions? options = null, CancellationToken cancellationToken = default) => throw Unused;

    private async IAsyncEnumerable<OutputChunk> ChunksAsync(WttProcessId id)
    {
        var offset = 0L;
        for (var i = 0; i < ChunkCount; i++)
        {
            yield return new OutputChunk(id, OutputSource.Log, offset, Chunk) { LogName = "main" };
            offset += Chunk.Length;
        }

        await Task.CompletedTask;
    }
}
