// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Security;
using Nerdbank.Streams;
using StreamJsonRpc;
using Wtt.Transports.Handshake;
using Wtt.Transports.Rpc;

namespace Wtt.Transports;

public sealed partial class WttAgentServer
{
    /// <summary>One caller's connection: the handshake, then JSON-RPC until either side closes.</summary>
    private sealed class Connection
    {
        private readonly WttAgentServer server;
        private readonly Stream stream;
        private JsonRpc? rpc;
        private MultiplexingStream? mux;

        public Connection(WttAgentServer server, Stream stream)
        {
            this.server = server;
            this.stream = stream;
        }

        public void Abort()
        {
            if (rpc is { } open)
            {
                open.Dispose();
            }

            // Closing the stream ends the multiplexing stream too; ServeAsync disposes it.
            stream.Dispose();
        }

        public async Task ServeAsync()
        {
            await Task.Yield();
            var options = server.options;
            try
            {
                Guid caller;
                WireFeatures features;
                using (var deadline = new CancellationTokenSource(options.HandshakeTimeout, options.TimeProvider))
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, server.stopping.Token))
                {
                    try
                    {
                        (caller, _, features) = await ServerHandshake.RunAsync(stream, options.Security, server.InstanceId, server.MachineName, server.journal.UnfinishedByPrevious, stream is SslStream { IsMutuallyAuthenticated: true }, linked.Token).ConfigureAwait(false);
                    }
                    catch (WttException ex) when (ex.ErrorCode != WttErrorCode.Closed)
                    {
                        Report(options, server.Address, ex.ErrorCode, ex.Message);
                        throw;
                    }
                    catch (OperationCanceledException) when (deadline.IsCancellationRequested && !server.stopping.IsCancellationRequested)
                    {
                        Report(options, server.Address, WttErrorCode.Timeout, $"The caller did not finish the handshake within {options.HandshakeTimeout.TotalSeconds:0.###} s (WttAgentServerOptions.HandshakeTimeout).");
                        throw;
                    }
                }

                (MultiplexingStream Mux, MultiplexingStream.Channel Rpc)? channels = features.HasFlag(WireFeatures.Multiplex) ? await WttMultiplexing.StartAsync(stream, server.stopping.Token).ConfigureAwait(false) : null;
                mux = channels?.Mux;
                var handler = WttJsonRpc.CreateHandler(stream, channels, features, options.MaxMessageBytes);
                handler.ServesRequests = true;
                var connection = WttJsonRpc.Create(handler, null);
                rpc = connection;
                using var ended = CancellationTokenSource.CreateLinkedTokenSource(server.stopping.Token, connection.ConnectionEnded);
                var target = new AgentRpcTarget(server.served, server.journal, caller, options.MaxConcurrentCallsPerConnection, mux, server.stopping.Token, ended.Token);
                await using (target.ConfigureAwait(false))
                {
                    target.AddTo(connection);
                    rpc.StartListening();
                    if (server.stopping.IsCancellationRequested)
                    {
                        rpc.Dispose();
                    }

                    await rpc.Completion.ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is WttException or IOException or OperationCanceledException or ObjectDisposedException or ConnectionLostException or RemoteRpcException)
            {
                // The caller was refused or went away; its connection ends here.
            }
#pragma warning disable CA1031 // Whatever a caller sends (bytes no formatter reads, a frame cut short) ends its own connection, never the agent.
            catch (Exception)
#pragma warning restore CA1031
            {
                // The reading loop failed on what this caller sent (MessagePack or JSON that does not parse); its connection ends here.
            }
            finally
            {
                rpc?.Dispose();
                if (mux is not null)
                {
                    await mux.DisposeAsync().ConfigureAwait(false);
                }

                await stream.DisposeAsync().ConfigureAwait(false);
                server.connections.TryRemove(this, out _);
            }
        }
    }
}
