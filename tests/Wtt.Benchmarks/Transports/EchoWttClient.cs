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

    public IAsyncEnumerable<OutputChunk> TailLogAsync(WttProcessHandle process, TailOptions? options = null, CancellationToken cancellationToken = default) => throw Unused;

    public IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessHandle process, OutputReadOptions? options = null, CancellationToken cancellationToken = default) => throw Unused;
}
