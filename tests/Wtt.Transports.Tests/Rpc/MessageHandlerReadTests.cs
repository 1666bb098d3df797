// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using StreamJsonRpc.Reflection;
using Wtt.Transports.Protocol;
using Wtt.Transports.Rpc;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Rpc;

/// <summary>
/// How a plain connection's handler reads, in either encoding: frames that came whole in a read are read from it at once, frames cut anywhere
/// (in their length, in their message) are read once the rest comes, and an oversize frame between them is skipped in
/// either case, each message in its order; a stream that ends inside a length fails the read.
/// </summary>
public sealed class MessageHandlerReadTests
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Theory(Timeout = Timeout)]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(7, false)]
    [InlineData(64, false)]
    [InlineData(1 << 20, false)]
    [InlineData(1, true)]
    [InlineData(7, true)]
    [InlineData(1 << 20, true)]
    public async Task Frames_ReadInPiecesOfAnySize_GiveEveryMessageInOrder(int piece, bool messagePack)
    {
        IJsonRpcMessageFormatter formatter = messagePack ? WttMessagePack.CreateFormatter() : WttJson.CreateFormatter();
        byte[] bytes = [.. Enumerable.Range(1, 5).SelectMany(id => RawRpc.Frame(Encode(formatter, id, new string('x', id * 10))))];
        await using var handler = new WttMessageHandler(new PiecesStream(bytes, piece), formatter, 1 << 20) { ServesRequests = true };

        var texts = await ReadRequestsAsync(handler, request =>
        {
            Assert.True(request.TryGetArgumentByNameOrIndex(null, 0, typeof(string), out var text), "the argument is read from the frame");
            return (request.RequestId.Number, (string?)text);
        });

        Assert.Equal(Enumerable.Range(1, 5).Select(id => ((long?)id, (string?)new string('x', id * 10))), texts);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(5)]
    [InlineData(1 << 20)]
    public async Task AnOversizeFrame_BetweenOthers_BecomesItsTooLargeRequest_AndTheNextIsRead(int piece)
    {
        byte[] bytes =
        [
            .. RawRpc.Frame(RawRpc.Request(1, "ping", "[]")),
            .. RawRpc.Frame(RawRpc.Request(2, "ping", $"[\"{new string('x', 600)}\"]")),
            .. RawRpc.Frame(RawRpc.Request(3, "ping", "[]")),
        ];
        await using var handler = new WttMessageHandler(new PiecesStream(bytes, piece), WttJson.CreateFormatter(), 256) { ServesRequests = true };

        var methods = await ReadRequestsAsync(handler, request => (request.RequestId.Number, request.Method));

        Assert.Equal([(1L, "ping"), (2L, WttProtocol.MessageTooLarge), (3L, "ping")], methods);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(1)]
    [InlineData(1 << 20)]
    public async Task AStreamThatEndsInsideALength_FailsTheReadAfterTheLastWholeFrame(int piece)
    {
        byte[] bytes = [.. RawRpc.Frame(RawRpc.Request(1, "ping", "[]")), 0, 0];
        await using var handler = new WttMessageHandler(new PiecesStream(bytes, piece), WttJson.CreateFormatter(), 1 << 20) { ServesRequests = true };

        var first = await handler.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Limit);
        ((IJsonRpcMessageBufferManager)handler).DeserializationComplete(first!);

        Assert.Equal(1L, Assert.IsType<JsonRpcRequest>(first, exactMatch: false).RequestId.Number);
        await Assert.ThrowsAsync<EndOfStreamException>(() => handler.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Limit));
    }

    /// <summary>
    /// Reads requests until the stream ends, as StreamJsonRpc does: <paramref name="read"/> takes what the test looks at
    /// from each while its frame is held, and the handler is then told the message is done with it.
    /// </summary>
    private static async Task<List<T>> ReadRequestsAsync<T>(WttMessageHandler handler, Func<JsonRpcRequest, T> read)
    {
        var seen = new List<T>();
        while (await handler.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Limit) is { } message)
        {
            seen.Add(read(Assert.IsType<JsonRpcRequest>(message, exactMatch: false)));
            ((IJsonRpcMessageBufferManager)handler).DeserializationComplete(message);
        }

        return seen;
    }

    /// <summary>A request with one text argument, as the formatter writes it.</summary>
    private static byte[] Encode(IJsonRpcMessageFormatter formatter, int id, string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        formatter.Serialize(buffer, new JsonRpcRequest { RequestId = new RequestId(id), Method = "ping", ArgumentsList = [text] });
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A stream that gives its bytes at most <c>piece</c> at a time, then ends; what is written to it is dropped.</summary>
    private sealed class PiecesStream(byte[] bytes, int piece) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var take = Math.Min(Math.Min(piece, buffer.Length), bytes.Length - position);
            bytes.AsSpan(position, take).CopyTo(buffer);
            position += take;
            return take;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
