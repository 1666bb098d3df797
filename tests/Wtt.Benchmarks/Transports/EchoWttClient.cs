// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Benchmarks.Transports;

/// <summary>A served client that answers at once, so a benchmark measures the remote layer only.</summary>
internal sealed class EchoWttClient : IWttClient
{
    private static readonly NotSupportedException Unused = new("Not used by the benchmarks.");

    public string MachineName => "bench-agent";

    public ValueTask<WttProcessHandle> OpenProcessAsync(WttProcessId id, string? machine = null, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(new WttProcessHandle(id, machine));

    public ValueTask<ProcessInfo?> GetCurrentProcessInfoAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<ProcessInfo?>(null);

    public ValueTask<WttProcessHandle> CreateProcessAsync(ProcessStartSpec spec, CancellationToken cancellationToken = default) => throw Unused;

    public ValueTask<SignalResult> SignalAsync(ProcessSet processes, WttSignal signal, CancellationToken cancellationToken = default) => throw Unused;

    public ValueTask<SignalResult> TerminateAsync(ProcessSet processes, TerminateOptions? options = null, CancellationToken cancellationToken = default) => throw Unused;

    public ValueTask<WaitResult> WaitAsync(ProcessSet processes, WaitOptions? options = null, CancellationToken cancellationToken = default) => throw Unused;

    public ValueTask<ProcessInfo> GetProcessInfoAsync(WttProcessHandle process, CancellationToken cancellationToken = default) => throw Unused;

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
