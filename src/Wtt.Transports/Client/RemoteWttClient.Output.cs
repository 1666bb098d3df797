// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;
using Wtt.Transports.Protocol;

namespace Wtt.Transports;

public sealed partial class RemoteWttClient
{
    /// <inheritdoc/>
    public IAsyncEnumerable<OutputChunk> TailLogAsync(WttProcessHandle process, TailOptions? options = null, CancellationToken cancellationToken = default)
    {
        var handle = ToWire(process);
        options?.Validate();
        return streams is not null
            ? streams.ReadAsync(WttProtocol.TailChannel, WttProtocol.Tail, process, handle, ("options", options, typeof(TailOptions)), cancellationToken)
            : ReadHereAsync(WttProtocol.TailChannel, WttProtocol.Tail, process, handle, ("options", options, typeof(TailOptions)), cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessHandle process, OutputReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var handle = ToWire(process);
        return streams is not null
            ? streams.ReadAsync(WttProtocol.OutputChannel, WttProtocol.Output, process, handle, ("options", options, typeof(OutputReadOptions)), cancellationToken)
            : ReadHereAsync(WttProtocol.OutputChannel, WttProtocol.Output, process, handle, ("options", options, typeof(OutputReadOptions)), cancellationToken);
    }

    /// <summary>Streams on this connection: in a channel when it is multiplexed (<paramref name="channelMethod"/>), else through the enumerable (<paramref name="enumerableMethod"/>).</summary>
    private IAsyncEnumerable<OutputChunk> ReadHereAsync(string channelMethod, string enumerableMethod, WttProcessHandle process, WireHandle handle, (string, object?, Type) options, CancellationToken cancellationToken)
        => mux is null
            ? StreamAsync(enumerableMethod, process, handle, options, cancellationToken)
            : ChannelAsync(channelMethod, process, handle, options, cancellationToken);

    /// <summary>Streams through StreamJsonRpc's enumerable protocol: chunks as JSON (base64 bytes), for connections that are not multiplexed.</summary>
    private async IAsyncEnumerable<OutputChunk> StreamAsync(string method, WttProcessHandle process, WireHandle handle, (string, object?, Type) options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, process.Closed);
        var callId = CallIds.Next();
        var chunks = await CallAsync<IAsyncEnumerable<OutputChunk>>(method, callId, stop.Token, ("process", handle, typeof(WireHandle)), options).ConfigureAwait(false);
        var enumerator = chunks.GetAsyncEnumerator(stop.Token);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (process.Closed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }
                catch (Exception ex) when (ex is not WttException)
                {
                    throw await TranslateAsync(ex, callId, cancellationToken).ConfigureAwait(false) ?? ex;
                }

                if (!more)
                {
                    yield break;
                }

                var chunk = enumerator.Current;
                yield return chunk.Machine is null ? chunk with { Machine = MachineName } : chunk;
            }
        }
    }
}
