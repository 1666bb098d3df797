// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Nerdbank.Streams;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Wtt.Transports.Rpc;

/// <summary>
/// Frames JSON-RPC messages as StreamJsonRpc's <see cref="LengthHeaderMessageHandler"/> does (a 4-byte
/// big-endian length, then the UTF-8 JSON), and enforces a size limit in both directions.
/// </summary>
/// <remarks>
/// An incoming request over the limit is skipped and answered with a <see cref="WttErrorCode.MessageTooLarge"/>
/// error for its id; an outgoing response over the limit is replaced by that error. Beside the JSON messages, the agent
/// sends the bytes of output streams as binary <see cref="OutputFrame"/>s (the length's top bit set), which the caller's
/// handler hands to its <see cref="OutputStreams"/> and JSON-RPC never sees.
/// </remarks>
internal sealed partial class WttMessageHandler : PipeMessageHandler
{
    private const int IdScanBytes = 4096;
    private readonly Sequence<byte> content = new(ArrayPool<byte>.Shared);
    private readonly int maxMessageBytes;
    private readonly OutputStreams? outputs;

    /// <summary>Initializes a handler over a connected stream.</summary>
    /// <param name="stream">The stream, after the handshake.</param>
    /// <param name="formatter">The JSON-RPC formatter.</param>
    /// <param name="maxMessageBytes">The largest message accepted or sent.</param>
    /// <param name="outputs">Where output frames go (the caller's side); <see langword="null"/> on the agent's side, which accepts none.</param>
    public WttMessageHandler(Stream stream, IJsonRpcMessageFormatter formatter, int maxMessageBytes, OutputStreams? outputs = null)
        : base(stream, stream, formatter)
    {
        this.maxMessageBytes = maxMessageBytes;
        this.outputs = outputs;
    }

    /// <inheritdoc/>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var header = await ReadAtLeastAsync(4, allowEmpty: true, cancellationToken).ConfigureAwait(false);
            if (header.Buffer.Length == 0)
            {
                return null;
            }

            var lengthBytes = header.Buffer.Slice(0, 4);
            var prefix = ReadPrefix(lengthBytes);
            Reader!.AdvanceTo(lengthBytes.End);
            if ((prefix & OutputFrame.Marker) == 0)
            {
                return await ReadMessageAsync((int)prefix, cancellationToken).ConfigureAwait(false);
            }

            await ReadOutputFrameAsync((int)(prefix & ~OutputFrame.Marker), cancellationToken).ConfigureAwait(false);
        }
    }

    private static uint ReadPrefix(ReadOnlySequence<byte> bytes)
    {
        Span<byte> raw = stackalloc byte[4];
        bytes.CopyTo(raw);
        return BinaryPrimitives.ReadUInt32BigEndian(raw);
    }

    private async ValueTask ReadOutputFrameAsync(int length, CancellationToken cancellationToken)
    {
        if (outputs is null || length <= 0 || length > maxMessageBytes)
        {
            throw new WttException(WttErrorCode.ProtocolError, outputs is null
                ? "The caller sent an output frame; only an agent sends them, to a caller that asked with tailFrames or outputFrames."
                : $"An output frame declared {length} bytes; the limit is {maxMessageBytes}.");
        }

        var body = await ReadAtLeastAsync(length, allowEmpty: false, cancellationToken).ConfigureAwait(false);
        var frame = body.Buffer.Slice(0, length);
        try
        {
            var (stream, chunk) = OutputFrame.Read(frame);
            outputs.Deliver(stream, chunk);
        }
        finally
        {
            Reader!.AdvanceTo(frame.End);
        }
    }

    private async ValueTask<JsonRpcMessage?> ReadMessageAsync(int length, CancellationToken cancellationToken)
    {
        if (length <= 0)
        {
            throw new WttException(WttErrorCode.ProtocolError, $"A frame declared {length} bytes; every frame is a 4-byte big-endian length greater than 0, then that many bytes of JSON.");
        }

        if (length > maxMessageBytes)
        {
            return await SkipOversizeAsync(length, cancellationToken).ConfigureAwait(false);
        }

        var body = await ReadAtLeastAsync(length, allowEmpty: false, cancellationToken).ConfigureAwait(false);
        var frame = body.Buffer.Slice(0, length);
        try
        {
            return Formatter.Deserialize(frame);
        }
        finally
        {
            Reader!.AdvanceTo(frame.End);
        }
    }

    /// <inheritdoc/>
    protected override void Write(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        if (content is OutputFrame output)
        {
            output.WriteTo(Writer!);
            return;
        }

        try
        {
            Formatter.Serialize(this.content, content);
            if (this.content.Length > maxMessageBytes && content is JsonRpcResult result)
            {
                var size = this.content.Length;
                this.content.Reset();
                Formatter.Serialize(this.content, TooLargeError(result.RequestId, size));
            }

            var sequence = this.content.AsReadOnlySequence;
            BinaryPrimitives.WriteInt32BigEndian(Writer!.GetSpan(4), checked((int)sequence.Length));
            Writer.Advance(4);
            foreach (var segment in sequence)
            {
                Writer.Write(segment.Span);
            }
        }
        finally
        {
            this.content.Reset();
        }
    }
}
