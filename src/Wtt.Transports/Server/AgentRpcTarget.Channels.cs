// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.IO.Pipelines;
using Nerdbank.Streams;
using Wtt.Transports.Protocol;
using Wtt.Transports.Rpc;

namespace Wtt.Transports;

/// <content>Output streams of a multiplexed caller: each into the channel the caller created, as <see cref="OutputRecord"/>s.</content>
internal sealed partial class AgentRpcTarget
{
    public Task<bool> TailChannelAsync(Guid callId, WireHandle process, TailOptions? options, ulong channel, CancellationToken cancellationToken)
        => PumpAsync(callId, channel, ct => served.TailLogAsync(Resolve(process), options, ct), cancellationToken);

    public Task<bool> OutputChannelAsync(Guid callId, WireHandle process, OutputReadOptions? options, ulong channel, CancellationToken cancellationToken)
        => PumpAsync(callId, channel, ct => served.ReadOutputAsync(Resolve(process), options, ct), cancellationToken);

    /// <summary>Sends a stream's chunks into its channel, then the final record; the channel's window is the flow control.</summary>
    /// <returns><see langword="true"/> when the final record was sent, <see langword="false"/> when the caller closed the channel first.</returns>
    private async Task<bool> PumpAsync(Guid callId, ulong id, Func<CancellationToken, IAsyncEnumerable<OutputChunk>> open, CancellationToken cancellationToken)
    {
        if (mux is null)
        {
            throw new WttException(WttErrorCode.NotSupported, "Output channels need a multiplexed connection; ask for feature \"multiplex\" in the handshake, or call tail/output.");
        }

        MultiplexingStream.Channel channel;
        try
        {
            channel = mux.AcceptChannel(id);
        }
        catch (InvalidOperationException ex)
        {
            throw new WttException(WttErrorCode.InvalidArgument, $"Channel {id} is not offered on this connection; create the channel before the call and pass its id.", ex);
        }

        var sent = false;
        try
        {
            // A stream lives as long as its reader wants, so it does not take one of the connection's call slots.
            sent = await RunAsync(callId, (channel.Output, open), static (self, s, ct) => self.SendAsync(s.Output, s.open, ct), cancellationToken, limited: false).ConfigureAwait(false);
            return sent;
        }
        finally
        {
            if (sent)
            {
                // Completing (not disposing) lets the records still buffered reach the caller, which closes the channel.
                await channel.Output.CompleteAsync().ConfigureAwait(false);
            }
            else
            {
                channel.Dispose();
            }
        }
    }

    private async ValueTask<bool> SendAsync(PipeWriter writer, Func<CancellationToken, IAsyncEnumerable<OutputChunk>> open, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        WireStreamEnd end;
        try
        {
            await foreach (var chunk in open(stop.Token).WithCancellation(stop.Token).ConfigureAwait(false))
            {
                foreach (var piece in OutputRecord.Split(chunk))
                {
                    OutputRecord.WriteChunk(writer, piece);
                    if ((await writer.FlushAsync(stop.Token).ConfigureAwait(false)).IsCompleted)
                    {
                        return false;
                    }
                }
            }

            end = new WireStreamEnd();
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            end = ex is WttException wtt
                ? new WireStreamEnd(wtt.ErrorCode.ToString(), wtt.Message, wtt.ProcessId.IsNil ? null : wtt.ProcessId, wtt.Machine)
                : new WireStreamEnd(nameof(WttErrorCode.Unknown), $"The agent failed the stream: {ex.Message}");
        }

        OutputRecord.WriteEnd(writer, end);
        return !(await writer.FlushAsync(stop.Token).ConfigureAwait(false)).IsCompleted;
    }
}
