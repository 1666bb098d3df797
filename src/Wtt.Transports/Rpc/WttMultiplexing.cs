// Copyright (c) Wtt developers. Licensed under the MIT license.

using Nerdbank.Streams;

namespace Wtt.Transports.Rpc;

/// <summary>
/// The multiplexed form of a connection, agreed in the handshake (feature <c>multiplex</c>): Nerdbank.Streams'
/// <see cref="MultiplexingStream"/> over the raw stream, JSON-RPC on seeded channel 0, and one anonymous channel per output stream.
/// </summary>
internal static class WttMultiplexing
{
    /// <summary>The receiving window of every channel: the bytes a sender may have in flight before the reader consumes them.</summary>
    /// <remarks>A slow reader stops its own channel at this many bytes; the other channels, JSON-RPC among them, keep flowing.</remarks>
    public const long WindowBytes = 1024 * 1024;

    /// <summary>The id of the seeded channel that carries JSON-RPC.</summary>
    public const ulong RpcChannel = 0;

    /// <summary>Starts multiplexing a stream that has passed the handshake; both sides call this after <c>ok</c>.</summary>
    /// <param name="stream">The raw stream.</param>
    /// <param name="cancellationToken">The deadline.</param>
    /// <returns>The multiplexing stream and its JSON-RPC channel.</returns>
    public static async ValueTask<(MultiplexingStream Mux, MultiplexingStream.Channel Rpc)> StartAsync(Stream stream, CancellationToken cancellationToken)
    {
        var options = new MultiplexingStream.Options
        {
            // Version 3: backpressure per channel, no opening round trip, seeded channels.
            ProtocolMajorVersion = 3,
            DefaultChannelReceivingWindowSize = WindowBytes,
            SeededChannels = { new MultiplexingStream.ChannelOptions() },
        };
        var mux = await MultiplexingStream.CreateAsync(stream, options, cancellationToken).ConfigureAwait(false);
        return (mux, mux.AcceptChannel(RpcChannel));
    }
}
