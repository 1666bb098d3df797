// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers.Binary;
using System.Text;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using Wtt.Transports.Protocol;
using Wtt.Transports.Rpc;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Rpc;

/// <summary>
/// How a plain connection's handler writes: a request made alone goes into the stream on the caller's thread, before the
/// send returns; a second call in flight, an answer and a large message go through the thread pool; a stream that does not
/// take the bytes at once holds up no send; the stream is disposed once all it was given is written. And the handler tells
/// whether a frame came alone in its read, by which the agent chooses where to answer it.
/// </summary>
public sealed class MessageHandlerWriteTests
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact(Timeout = Timeout)]
    public async Task ACallMadeAlone_IsInTheStreamWhenTheSendReturns_WrittenOnTheCallersThread()
    {
        // The pipe's copying task starts on the thread pool; until it waits for the pipe, a flush finds no one to run,
        // and the task writes what it finds on its own thread. So the calls are made one after another, each answered
        // before the next, until one goes out on its caller's thread.
        const int Calls = 20;
        var stream = new RecordingStream { Incoming = [.. Enumerable.Range(1, Calls).SelectMany(id => RawRpc.Frame(Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","id":{{id}},"result":null}""")))] };
        await using var handler = new WttMessageHandler(stream, WttJson.CreateFormatter(), 1 << 20);

        var inlineAt = 0;
        for (var id = 1; id <= Calls && inlineAt == 0; id++)
        {
            stream.ForgetWriters();
            var sender = Environment.CurrentManagedThreadId;
            var send = handler.WriteAsync(Request(id), CancellationToken.None);
            var writer = stream.FirstWriterThread;
            var writtenAtReturn = stream.Ids().Contains(id);
            await send.AsTask().WaitAsync(Limit);
            await stream.WaitForIdsAsync(id).WaitAsync(Limit);
            var answer = Assert.IsType<JsonRpcResult>(await handler.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Limit), exactMatch: false);
            ((StreamJsonRpc.Reflection.IJsonRpcMessageBufferManager)handler).DeserializationComplete(answer); // as JsonRpc does once it has read a message
            if (writer == sender)
            {
                Assert.True(writtenAtReturn, "a request written on its caller's thread is in the stream when the send returns");
                inlineAt = id;
            }
        }

        Assert.True(inlineAt > 0, $"none of {Calls} calls made alone went out on its caller's thread");
        Assert.Equal(Enumerable.Range(1, inlineAt).Select(id => (long)id), stream.Ids());
    }

    [Fact(Timeout = Timeout)]
    public async Task ASecondCallInFlight_IsWrittenOnTheThreadPool()
    {
        var stream = new RecordingStream();
        await using var handler = new WttMessageHandler(stream, WttJson.CreateFormatter(), 1 << 20);
        await handler.WriteAsync(Request(1), CancellationToken.None).AsTask().WaitAsync(Limit);
        await stream.WaitForIdsAsync(1).WaitAsync(Limit);

        await AssertWrittenOnThePoolAsync(handler, stream, Request(2), framesThen: 2);

        Assert.Equal([1L, 2L], stream.Ids());
    }

    public static TheoryData<string> PooledMessages => new() { "an answer", "a large request" };

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(PooledMessages))]
    public async Task IsWrittenOnTheThreadPool(string message)
    {
        var stream = new RecordingStream();
        await using var handler = new WttMessageHandler(stream, WttJson.CreateFormatter(), 1 << 20) { ServesRequests = message == "an answer" };

        await AssertWrittenOnThePoolAsync(handler, stream, message == "an answer"
            ? new JsonRpcResult { RequestId = new RequestId(1), Result = "done" }
            : new JsonRpcRequest { RequestId = new RequestId(1), Method = "ping", ArgumentsList = [new string('x', 20_000)] },
            framesThen: 1);

        Assert.Equal([1L], stream.Ids());
    }

    [Fact(Timeout = Timeout)]
    public async Task AStreamThatDoesNotTakeTheBytes_HoldsUpNoSend_AndTheMessagesGoOutInOrder()
    {
        var stream = new RecordingStream { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var handler = new WttMessageHandler(stream, WttJson.CreateFormatter(), 1 << 20);

        await handler.WriteAsync(Request(1), CancellationToken.None).AsTask().WaitAsync(Limit);
        Assert.True(stream.BlockUntilWritten(Limit), "the first request reached the stream");
        await handler.WriteAsync(Request(2), CancellationToken.None).AsTask().WaitAsync(Limit);
        await handler.WriteAsync(Request(3), CancellationToken.None).AsTask().WaitAsync(Limit);
        Assert.Empty(stream.Ids());

        stream.Gate.SetResult();
        await stream.WaitForIdsAsync(3).WaitAsync(Limit);

        Assert.Equal([1L, 2L, 3L], stream.Ids());
    }

    [Fact(Timeout = Timeout)]
    public async Task Disposing_DisposesTheStreamOnceWhatItWasGivenIsWritten()
    {
        var stream = new RecordingStream { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var handler = new WttMessageHandler(stream, WttJson.CreateFormatter(), 1 << 20);
        await handler.WriteAsync(Request(1), CancellationToken.None).AsTask().WaitAsync(Limit);
        Assert.True(stream.BlockUntilWritten(Limit), "the first request reached the stream");

        await handler.DisposeAsync().WaitAsync(Limit);
        Assert.False(stream.Disposed.Task.IsCompleted, "the stream stays while a message is still being written into it");

        stream.Gate.SetResult();
        await stream.Disposed.Task.WaitAsync(Limit);

        Assert.Equal([1L], stream.Ids());
    }

    [Fact(Timeout = Timeout)]
    public async Task FrameAlone_TellsWhetherAFrameCameWithoutAnotherInItsRead()
    {
        var later = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = new RecordingStream { Incoming = Frames(1, 1), Later = later, WaitAfterIncoming = true };
        await using var handler = new WttMessageHandler(stream, WttJson.CreateFormatter(), 1 << 20) { ServesRequests = true };
        var alone = new List<(long?, bool)>();

        await ReadAsync();
        later.SetResult(Frames(2, 2));
        await ReadAsync();
        await ReadAsync();

        Assert.Equal([(1L, true), (2L, false), (3L, false)], alone);

        // Reads a message as StreamJsonRpc does, done with its frame once read.
        async Task ReadAsync()
        {
            var message = await handler.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Limit);
            alone.Add(((message as JsonRpcRequest)?.RequestId.Number, handler.FrameAlone));
            ((StreamJsonRpc.Reflection.IJsonRpcMessageBufferManager)handler).DeserializationComplete(message!);
        }
    }

    /// <summary>Requests with ids <paramref name="first"/> on, framed one after another.</summary>
    private static byte[] Frames(int first, int count)
        => [.. Enumerable.Range(first, count).SelectMany(id => RawRpc.Frame(RawRpc.Request(id, "ping", "[]")))];

    /// <summary>Sends a message, blocking this thread until the message reaches the stream, so that no write of it can run here.</summary>
    private static async Task AssertWrittenOnThePoolAsync(WttMessageHandler handler, RecordingStream stream, JsonRpcMessage message, int framesThen)
    {
        stream.ForgetWriters();
        var sender = Environment.CurrentManagedThreadId;
        var send = handler.WriteAsync(message, CancellationToken.None);

        Assert.True(stream.BlockUntilWritten(Limit), "the message reached the stream");
        Assert.NotEqual(sender, stream.FirstWriterThread);
        await send.AsTask().WaitAsync(Limit);
        await stream.WaitForIdsAsync(framesThen).WaitAsync(Limit);
    }

    private static JsonRpcRequest Request(long id) => new() { RequestId = new RequestId(id), Method = "ping", ArgumentsList = [] };

    /// <summary>A stream that keeps what is written to it; with a gate, its first write waits until the gate opens.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream written = new();
        private readonly Lock gate = new();
        private TaskCompletionSource<int> grown = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int firstWriter;
        private int incomingRead;
        private int writes;
        private bool laterRead;
        private byte[] incoming = [];
        private readonly ManualResetEventSlim writeSeen = new();

        public TaskCompletionSource? Gate { get; init; }

        /// <summary>Gets the bytes the stream gives its reader, then those of <see cref="Later"/>, then the end of the stream (or, with <see cref="WaitAfterIncoming"/>, a read that waits).</summary>
        public byte[] Incoming { get => incoming; init => incoming = value; }

        /// <summary>Gets a value indicating whether, once <see cref="Incoming"/> is read, a read waits (for the reader's cancellation) instead of ending the stream.</summary>
        public bool WaitAfterIncoming { get; init; }

        /// <summary>Gets the bytes a read waits for once <see cref="Incoming"/> is read, then gives as it gives those; <see langword="null"/> for none.</summary>
        public TaskCompletionSource<byte[]>? Later { get; init; }

        /// <summary>Gets the writes made so far.</summary>
        public int Writes => Volatile.Read(ref writes);

        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int FirstWriterThread => Volatile.Read(ref firstWriter);

        /// <summary>Starts watching for the next write: its thread, and its start.</summary>
        public void ForgetWriters()
        {
            Volatile.Write(ref firstWriter, 0);
            writeSeen.Reset();
        }

        /// <summary>Blocks this thread until a write starts, so that write cannot run on it.</summary>
        public bool BlockUntilWritten(TimeSpan limit) => writeSeen.Wait(limit);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _ = Interlocked.CompareExchange(ref firstWriter, Environment.CurrentManagedThreadId, 0);
            writeSeen.Set();
            if (Gate is { } wait)
            {
                await wait.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            TaskCompletionSource<int> signal;
            lock (gate)
            {
                writes++;
                written.Write(buffer.Span);
                signal = grown;
                grown = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            signal.SetResult(0);
        }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            lock (gate)
            {
                var count = Math.Min(buffer.Length, incoming.Length - incomingRead);
                incoming.AsSpan(incomingRead, count).CopyTo(buffer.Span);
                incomingRead += count;
                if (count > 0)
                {
                    return new(count);
                }

                if (Later is { } later && !laterRead)
                {
                    laterRead = true;
                    return ReadLaterAsync(later.Task, buffer, cancellationToken);
                }

                return WaitAfterIncoming ? WaitUntilCancelledAsync(cancellationToken) : new(0);
            }
        }

        private async ValueTask<int> ReadLaterAsync(Task<byte[]> later, Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var bytes = await later.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (gate)
            {
                incoming = [.. incoming, .. bytes];
            }

            return await ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A read with nothing more to give: it waits until the reader cancels it (the handler's end), or the test's timeout.</summary>
        private static async ValueTask<int> WaitUntilCancelledAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        /// <summary>The ids of the whole frames written so far, in order.</summary>
        public List<long> Ids()
        {
            byte[] bytes;
            lock (gate)
            {
                bytes = written.ToArray();
            }

            var ids = new List<long>();
            for (var at = 0; at + 4 <= bytes.Length;)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
                if (at + 4 + length > bytes.Length)
                {
                    break;
                }

                using var json = System.Text.Json.JsonDocument.Parse(Encoding.UTF8.GetString(bytes, at + 4, length));
                ids.Add(json.RootElement.GetProperty("id").GetInt64());
                at += 4 + length;
            }

            return ids;
        }

        public async Task WaitForIdsAsync(int count)
        {
            while (true)
            {
                Task next;
                lock (gate)
                {
                    next = grown.Task;
                }

                if (Ids().Count >= count)
                {
                    return;
                }

                await next.ConfigureAwait(false);
            }
        }

        protected override void Dispose(bool disposing)
        {
            Disposed.TrySetResult();
            writeSeen.Dispose();
            base.Dispose(disposing);
        }
    }
}
