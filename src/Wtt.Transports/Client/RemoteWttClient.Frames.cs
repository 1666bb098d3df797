// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;
using Wtt.Transports.Protocol;
using Wtt.Transports.Rpc;

namespace Wtt.Transports;

public sealed partial class RemoteWttClient
{
    /// <summary>
    /// Streams through output frames: one call that the agent answers when the stream ends, while the chunks arrive as
    /// binary frames beside it (docs/protocol.md, "Output frames"). Leaving the loop cancels the call, which stops the agent's stream.
    /// </summary>
    private async IAsyncEnumerable<OutputChunk> FramesAsync(string method, WttProcessHandle process, WireHandle handle, (string, object?, Type) options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, process.Closed);
        var receiver = outputs!.Open(AcknowledgeAsync);
        var callId = CallIds.Next();
        var call = CallAsync<bool>(method, callId, stop.Token, ("process", handle, typeof(WireHandle)), options, ("stream", receiver.Id, typeof(uint))).AsTask();
        _ = call.ContinueWith(static (_, state) => ((OutputReceiver)state!).Complete(), receiver, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            while (true)
            {
                OutputChunk? chunk;
                try
                {
                    chunk = await NextAsync(receiver, call).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (process.Closed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                if (chunk is null)
                {
                    yield break;
                }

                yield return chunk.Machine is null ? chunk with { Machine = MachineName } : chunk;
                receiver.Consumed(chunk);
            }
        }
        finally
        {
            outputs.Close(receiver.Id);
            if (!call.IsCompleted)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }

            _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Gets the next chunk, or <see langword="null"/> when the stream ended; throws the call's failure after the chunks sent before it.</summary>
    private static async ValueTask<OutputChunk?> NextAsync(OutputReceiver receiver, Task<bool> call)
    {
        while (true)
        {
            if (receiver.Chunks.TryRead(out var chunk))
            {
                return chunk;
            }

            if (!await receiver.Chunks.WaitToReadAsync().ConfigureAwait(false))
            {
                await call.ConfigureAwait(false);
                return null;
            }
        }
    }

    private Task AcknowledgeAsync(uint stream, long bytes)
        => IsConnected ? rpc.NotifyAsync(WttProtocol.StreamAck, stream, bytes) : Task.CompletedTask;
}
