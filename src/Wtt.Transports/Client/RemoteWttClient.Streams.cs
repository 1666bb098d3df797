// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;
using Wtt.Transports.Handshake;
using Wtt.Transports.Protocol;

namespace Wtt.Transports;

public sealed partial class RemoteWttClient
{
    /// <summary>
    /// The second connection of a caller that asked for multiplexing: output streams travel in its channels, so the calls'
    /// connection carries no multiplexing layer. Opened on the first stream, opened again after a loss, closed with the client.
    /// </summary>
    /// <remarks>Thread-safe.</remarks>
    private sealed class StreamsLink(IWttTransport transport, Uri address, RemoteWttClientOptions options, string machineName) : IAsyncDisposable
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private RemoteWttClient? open;
        private bool disposed;

        /// <summary>
        /// Streams one log or output through a channel of the streams connection (<paramref name="channelMethod"/>), or through the
        /// enumerable (<paramref name="enumerableMethod"/>) when the agent offers no multiplexing.
        /// </summary>
        public async IAsyncEnumerable<OutputChunk> ReadAsync(string channelMethod, string enumerableMethod, WttProcessHandle process, WireHandle handle, (string, object?, Type) streamOptions, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var link = await GetAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var chunk in link.ReadHereAsync(channelMethod, enumerableMethod, process, handle, streamOptions, cancellationToken).ConfigureAwait(false))
            {
                yield return chunk;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                disposed = true;
                if (open is not null)
                {
                    await open.DisposeAsync().ConfigureAwait(false);
                    open = null;
                }
            }
            finally
            {
                gate.Release();
            }
        }

        private async ValueTask<RemoteWttClient> GetAsync(CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                if (open is { IsConnected: true } && open.mux?.Completion.IsCompleted != true)
                {
                    return open;
                }

                if (open is not null)
                {
                    await open.DisposeAsync().ConfigureAwait(false);
                    open = null;
                }

                try
                {
                    var features = options.EncodingFeature | WireFeatures.Multiplex;
                    open = await ConnectCoreAsync(transport, address, options, features, cancellationToken).ConfigureAwait(false);
                }
                catch (WttException ex) when (ex.ErrorCode == WttErrorCode.MachineUnreachable)
                {
                    throw new WttException(WttErrorCode.MachineUnreachable, $"Machine '{machineName}': the connection for output streams could not be opened: {ex.Message}", ex.InnerException, machine: machineName);
                }

                return open;
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
