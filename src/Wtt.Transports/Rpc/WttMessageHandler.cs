// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Nerdbank.Streams;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using StreamJsonRpc.Reflection;

namespace Wtt.Transports.Rpc;

/// <summary>
/// Frames JSON-RPC messages as StreamJsonRpc's <see cref="LengthHeaderMessageHandler"/> does (a 4-byte
/// big-endian length, then the UTF-8 JSON), and enforces a size limit in both directions.
/// </summary>
/// <remarks>
/// An incoming request over the limit is skipped and answered with a <see cref="WttErrorCode.MessageTooLarge"/>
/// error for its id; an outgoing response over the limit is replaced by that error. On a multiplexed connection the handler
/// runs over the JSON-RPC channel (<see cref="WttMultiplexing"/>); output streams travel in channels of their own.
/// </remarks>
internal sealed partial class WttMessageHandler : PipeMessageHandler, IJsonRpcMessageBufferManager
{
    private const int IdScanBytes = 4096;
    private readonly Sequence<byte> content = new(ArrayPool<byte>.Shared);
    private readonly int maxMessageBytes;

    /// <summary>The stream under the pipes, on a plain connection; <see langword="null"/> over a multiplexed channel.</summary>
    private readonly Stream? stream;

    /// <summary>A message that still reads its arguments or result from the pipe's buffer, and where its frame ends.</summary>
    private (IJsonRpcMessageBufferManager? Message, SequencePosition End) reserved;

    /// <summary>Whether the frame read last was followed by more bytes in the read buffer, so the next frame did not come alone.</summary>
    private bool moreBufferedBefore;

    /// <summary>On a plain connection, which thread writes each flushed message into the stream; <see langword="null"/> over a multiplexed channel.</summary>
    private readonly WriteRoute? route;

    /// <summary>Initializes a handler over a connected stream.</summary>
    /// <param name="stream">The stream, after the handshake.</param>
    /// <param name="formatter">The JSON-RPC formatter.</param>
    /// <param name="maxMessageBytes">The largest message accepted or sent.</param>
    /// <remarks>
    /// As StreamJsonRpc's own handler over a stream: the pipe is read as the stream is, and written through a pipe whose
    /// copying task writes into the stream and disposes it once the pipe is completed and drained. Where that task runs
    /// is the <see cref="WriteRoute"/>'s choice: a call made alone goes into the stream on the caller's thread.
    /// </remarks>
    public WttMessageHandler(Stream stream, IJsonRpcMessageFormatter formatter, int maxMessageBytes)
        : this(stream, new WriteRoute(), formatter, maxMessageBytes)
    {
    }

    private WttMessageHandler(Stream stream, WriteRoute route, IJsonRpcMessageFormatter formatter, int maxMessageBytes)
        : base(WriterOver(stream, route), PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), formatter)
    {
        this.maxMessageBytes = maxMessageBytes;
        this.stream = stream;
        this.route = route;
    }

    /// <summary>Initializes a handler over a pipe, such as a multiplexed channel.</summary>
    /// <param name="pipe">The pipe.</param>
    /// <param name="formatter">The JSON-RPC formatter.</param>
    /// <param name="maxMessageBytes">The largest message accepted or sent.</param>
    public WttMessageHandler(IDuplexPipe pipe, IJsonRpcMessageFormatter formatter, int maxMessageBytes)
        : base(pipe, formatter)
    {
        this.maxMessageBytes = maxMessageBytes;
    }

    /// <summary>
    /// Gets or sets a value indicating whether this handler serves requests (the agent's side): then every incoming frame's envelope is
    /// checked and a frame that is not a request is answered with the standard JSON-RPC error instead of closing the connection.
    /// </summary>
    /// <value><see langword="false"/> by default: a caller's side, where a frame the formatter cannot read closes the connection.</value>
    public bool ServesRequests { get; set; }

    /// <summary>
    /// Gets a value indicating whether the frame read last came alone: nothing of another frame was in the read buffer
    /// before it or after it. A caller that waits for each answer before its next call sends its requests so; calls
    /// made together arrive several in a buffer.
    /// </summary>
    /// <remarks>Read on the reading thread, between the frame's read and the next (<see cref="WttJsonRpc"/> chooses by it where a request runs).</remarks>
    public bool FrameAlone { get; private set; }

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// A frame that is not a request is answered here with the standard JSON-RPC error and the next frame is read; only a
    /// length the framing cannot use (0 or negative) ends the connection, after a parse error that says why.
    /// </para>
    /// <para>
    /// A frame whose bytes all came in the read that brought its length is read from that read's buffer; only a frame cut
    /// by a read waits for a second one; and a frame that came after another in one read is taken with
    /// <see cref="PipeReader.TryRead"/>, without an asynchronous read. Calls made together come several frames a read:
    /// read so, 64 calls in flight took 1.105 → 1.055 the echo's time a call, then 1.08 → 1.05 (12 repeats in turns each,
    /// tests/Wtt.Benchmarks/Lifecycle/README.md, nineteenth pass).
    /// </para>
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // A frame after another in the same read is taken without an asynchronous read.
            var buffer = Reader!.TryRead(out var buffered) && buffered.Buffer.Length >= 4
                ? buffered.Buffer
                : (await ReadAtLeastAsync(4, allowEmpty: true, cancellationToken, buffered).ConfigureAwait(false)).Buffer;
            if (buffer.Length == 0)
            {
                return null;
            }

            var length = ReadLength(buffer);
            if (length <= 0)
            {
                Reader!.AdvanceTo(buffer.GetPosition(4));
                var message = $"A frame declared {length} bytes; every frame is a 4-byte big-endian length greater than 0, then that many bytes of the message. The connection is closed.";
                await AnswerLastAsync(WireEnvelope.Error(JsonRpcErrorCode.ParseError, RequestId.Null, message), cancellationToken).ConfigureAwait(false);
                throw new WttException(WttErrorCode.ProtocolError, message);
            }

            JsonRpcMessage? request;
            WireEnvelope.Rejection? rejection;
            if (length <= maxMessageBytes && buffer.Length - 4 >= length)
            {
                // The whole frame came with its length, as most do: read it from this buffer, without a second read.
                request = ReadFrame(buffer.Slice(4), length, out rejection);
            }
            else
            {
                Reader!.AdvanceTo(buffer.GetPosition(4));
                if (length > maxMessageBytes)
                {
                    request = await SkipOversizeAsync(length, cancellationToken).ConfigureAwait(false);
                    rejection = null;
                }
                else
                {
                    var body = await ReadAtLeastAsync(length, allowEmpty: false, cancellationToken).ConfigureAwait(false);
                    request = ReadFrame(body.Buffer, length, out rejection);
                }
            }

            if (rejection is { } rejected)
            {
                await AnswerAsync(rejected.ToError(), cancellationToken).ConfigureAwait(false);
            }
            else if (request is not null)
            {
                return request;
            }
        }
    }

    /// <summary>
    /// Reads as <see cref="PipeMessageHandler.ReadAtLeastAsync"/> does, after a <see cref="PipeReader.TryRead"/> that gave
    /// fewer bytes than required or none: an ended or cancelled result is answered as that read would have answered it.
    /// </summary>
    private ValueTask<ReadResult> ReadAtLeastAsync(int requiredBytes, bool allowEmpty, CancellationToken cancellationToken, ReadResult tried)
    {
        if (tried.IsCompleted || tried.IsCanceled)
        {
            if (allowEmpty && tried.Buffer.Length == 0)
            {
                return new(tried);
            }

            Reader!.AdvanceTo(tried.Buffer.Start);
            return ValueTask.FromException<ReadResult>(tried.IsCompleted ? new EndOfStreamException() : new OperationCanceledException());
        }

        if (tried.Buffer.Length > 0)
        {
            Reader!.AdvanceTo(tried.Buffer.Start, tried.Buffer.End);
        }

        return ReadAtLeastAsync(requiredBytes, allowEmpty, cancellationToken);
    }

    /// <summary>The pipe a plain connection's messages are written to; its copying task writes them into the stream where the route says.</summary>
    private static PipeWriter WriterOver(Stream stream, WriteRoute route)
    {
        var writer = stream.UsePipeWriter(new PipeOptions(readerScheduler: route, useSynchronizationContext: false));

        // As StreamJsonRpc's handler over a stream: the stream is disposed once the copying task has written all it was given.
#pragma warning disable CS0618 // Obsolete on PipeWriter; Pipe, which Nerdbank.Streams' writer is, still raises it.
        writer.OnReaderCompleted(static (_, state) => ((Stream)state!).Dispose(), stream);
#pragma warning restore CS0618
        return writer;
    }

    /// <summary>Reads the 4-byte big-endian length at the start of <paramref name="bytes"/>.</summary>
    private static int ReadLength(ReadOnlySequence<byte> bytes)
    {
        if (bytes.FirstSpan.Length >= 4)
        {
            return BinaryPrimitives.ReadInt32BigEndian(bytes.FirstSpan);
        }

        Span<byte> raw = stackalloc byte[4];
        bytes.Slice(0, 4).CopyTo(raw);
        return BinaryPrimitives.ReadInt32BigEndian(raw);
    }

    /// <summary>
    /// Reads one frame's message from the read buffer, which starts at the frame's first byte and holds all of it, and lets
    /// the buffer go up to the frame's end (once its arguments or result are read, for a MessagePack message).
    /// </summary>
    /// <param name="buffer">The read buffer from the frame's start.</param>
    /// <param name="length">The frame's length.</param>
    /// <param name="rejection">What is wrong with a frame the agent does not take, to be answered; else <see langword="null"/>.</param>
    /// <returns>The message, or <see langword="null"/> for a rejected frame.</returns>
    private JsonRpcMessage? ReadFrame(ReadOnlySequence<byte> buffer, int length, out WireEnvelope.Rejection? rejection)
    {
        var frame = buffer.Slice(0, length);
        var moreBuffered = buffer.Length > length;
        FrameAlone = !moreBufferedBefore && !moreBuffered;
        moreBufferedBefore = moreBuffered;
        rejection = !ServesRequests ? null : Formatter is MessagePackFormatter ? WireEnvelope.CheckMessagePack(frame) : WireEnvelope.CheckJson(frame);
        JsonRpcMessage? message = null;
        try
        {
            if (rejection is null)
            {
                message = Formatter.Deserialize(frame);
                if (message is IJsonRpcMessageBufferManager lazy)
                {
                    // MessagePack messages read their arguments or result from the frame later; the frame stays until they are done.
                    reserved = (lazy, frame.End);
                }
            }
        }
#pragma warning disable CA1031 // Whatever the formatter cannot read in a well-formed envelope is the caller's error, answered like a parse error.
        catch (Exception ex) when (ServesRequests && ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            rejection = new WireEnvelope.Rejection(JsonRpcErrorCode.ParseError, RequestId.NotSpecified, "Parse error: the message could not be read. Each frame holds exactly one JSON-RPC message (docs/protocol.md, section 2).");
        }
        finally
        {
            if (reserved.Message is null)
            {
                Reader!.AdvanceTo(frame.End);
            }
        }

        if (message is not null)
        {
            route?.Received(message);
        }

        return message;
    }

    /// <summary>Releases the frame of a message once StreamJsonRpc has read all it needs from it, as <see cref="PipeMessageHandler"/> does.</summary>
    /// <param name="message">The message whose deserialization is complete.</param>
    void IJsonRpcMessageBufferManager.DeserializationComplete(JsonRpcMessage message)
    {
        if (reserved.Message is { } held && ReferenceEquals(held, message))
        {
            held.DeserializationComplete(message);
            Reader!.AdvanceTo(reserved.End);
            reserved = default;
        }
    }

    /// <inheritdoc/>
    protected override void Write(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        try
        {
            content = Sanitize(content);
            Formatter.Serialize(this.content, content);
            if (this.content.Length > maxMessageBytes && content is JsonRpcResult result)
            {
                var size = this.content.Length;
                this.content.Reset();
                Formatter.Serialize(this.content, TooLargeError(result.RequestId, size));
            }

            route?.Sending(content, this.content.Length);
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
