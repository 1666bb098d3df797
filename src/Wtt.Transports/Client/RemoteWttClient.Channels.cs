// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Wtt.Transports.Protocol;
using Wtt.Transports.Rpc;

namespace Wtt.Transports;

public sealed partial class RemoteWttClient
{
    /// <summary>
    /// Streams through a multiplexed channel: the caller creates an anonymous channel and passes its id in a call that
    /// the agent answers when the stream ends, while the chunks and the final record arrive in the channel
    /// (docs/protocol.md, "Multiplexed connections and output channels"). Leaving the loop closes the channel and cancels the call, which stops the agent's stream.
    /// </summary>
    private async IAsyncEnumerable<OutputChunk> ChannelAsync(string method, WttProcessHandle process, WireHandle handle, (string, object?, Type) options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, process.Closed);
        var callId = CallIds.Next();
        Nerdbank.Streams.MultiplexingStream.Channel channel;
        try
        {
            channel = mux!.CreateChannel();
        }
        catch (ObjectDisposedException ex)
        {
            // The connection was lost before this stream began; the next stream opens a new one.
            throw Lost(callId, ex);
        }

        var call = CallAsync<bool>(method, callId, stop.Token, ("process", handle, typeof(WireHandle)), options, ("channel", channel.QualifiedId.Id, typeof(ulong))).AsTask();

        // A call that fails before its channel ends (a refused request, a lost connection) wakes the reader.
        _ = call.ContinueWith(static (_, state) => WakeUp((PipeReader)state!), channel.Input, CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            while (true)
            {
                object? record;
                try
                {
                    record = await OutputRecord.ReadAsync(channel.Input, maxMessageBytes, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (process.Closed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }
                catch (Exception ex) when (ex is not (OperationCanceledException or WttException))
                {
                    // The channel broke with its connection.
                    throw await EndedAsync(call, callId, ex).ConfigureAwait(false);
                }

                switch (record)
                {
                    case OutputChunk chunk:
                        yield return chunk.Machine is null ? chunk with { Machine = MachineName } : chunk;
                        break;
                    case WireStreamEnd { WttCode: null }:
                        yield break;
                    case WireStreamEnd end:
                        throw Failed(end);
                    default:
                        throw await EndedAsync(call, callId, null).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            channel.Dispose();
            if (!call.IsCompleted)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }

            Abandon(call);
        }
    }

    private static void WakeUp(PipeReader reader)
    {
        try
        {
            reader.CancelPendingRead();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // The reader is already done.
        }
    }

    /// <summary>Gives what a channel that ended without its final record throws: the call's failure, or a lost connection.</summary>
    private async ValueTask<Exception> EndedAsync(Task<bool> call, Guid callId, Exception? inner)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return ex;
        }

        return inner is null
            ? new WttException(WttErrorCode.ProtocolError, $"The agent on {MachineName} answered call {callId} but its output channel ended without a final record; see docs/protocol.md, \"Multiplexed connections and output channels\".", machine: MachineName)
            : Lost(callId, inner);
    }

    private WttException Failed(WireStreamEnd end)
    {
        var code = Enum.TryParse<WttErrorCode>(end.WttCode, out var parsed) ? parsed : WttErrorCode.Unknown;
        return new WttException(code, end.Message ?? code.ToString(), null, end.ProcessId ?? default, end.Machine ?? MachineName);
    }
}
