// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports.Protocol;
using Wtt.Transports.Rpc;

namespace Wtt.Transports;

internal sealed partial class AgentRpcTarget
{
    public Task<bool> TailFramesAsync(Guid callId, WireHandle process, TailOptions? options, uint stream, CancellationToken cancellationToken)
    {
        var handle = Resolve(process);
        return PumpAsync(callId, stream, ct => served.TailLogAsync(handle, options, ct), cancellationToken);
    }

    public Task<bool> OutputFramesAsync(Guid callId, WireHandle process, OutputReadOptions? options, uint stream, CancellationToken cancellationToken)
    {
        var handle = Resolve(process);
        return PumpAsync(callId, stream, ct => served.ReadOutputAsync(handle, options, ct), cancellationToken);
    }

    public void StreamAck(uint stream, long bytes)
    {
        if (windows.TryGetValue(stream, out var window))
        {
            window.Release(bytes);
        }
    }

    /// <summary>Sends a stream's chunks as output frames, within the stream's window, and answers when it ends.</summary>
    private async Task<bool> PumpAsync(Guid callId, uint stream, Func<CancellationToken, IAsyncEnumerable<OutputChunk>> open, CancellationToken cancellationToken)
    {
        var window = new OutputWindow();
        if (!windows.TryAdd(stream, window))
        {
            throw WttException.InvalidArgument($"Stream {stream} is already open on this connection; give each stream its own id.");
        }

        try
        {
            return await JournaledAsync(callId, ct => SendAsync(window, stream, open, ct), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            windows.TryRemove(stream, out _);
        }
    }

    private async ValueTask<bool> SendAsync(OutputWindow window, uint stream, Func<CancellationToken, IAsyncEnumerable<OutputChunk>> open, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        await foreach (var chunk in open(stop.Token).WithCancellation(stop.Token).ConfigureAwait(false))
        {
            foreach (var piece in OutputFrame.Split(chunk))
            {
                await window.ReserveAsync(piece.Data.Length, stop.Token).ConfigureAwait(false);
                await output.WriteAsync(new OutputFrame(stream, piece), stop.Token).ConfigureAwait(false);
            }
        }

        return true;
    }
}
