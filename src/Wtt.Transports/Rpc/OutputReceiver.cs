// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Threading.Channels;

namespace Wtt.Transports.Rpc;

/// <summary>The chunks of one output stream as they arrive, and the acknowledgements that let the agent send more.</summary>
/// <remarks>
/// The agent never has more than its window of unacknowledged bytes in flight, so the queue stays bounded without
/// blocking the connection's read loop. The reader acknowledges what it consumed once a quarter of the window has been
/// consumed or when it has caught up, so a slow reader slows only its own stream.
/// </remarks>
internal sealed class OutputReceiver
{
    /// <summary>The bytes consumed before the receiver acknowledges them even if more are queued.</summary>
    public const long AckBytes = OutputWindow.Bytes / 4;

    private readonly Channel<OutputChunk> chunks = Channel.CreateUnbounded<OutputChunk>();
    private readonly Func<uint, long, Task> ack;
    private long consumed;

    /// <summary>Initializes a receiver.</summary>
    /// <param name="id">The stream id.</param>
    /// <param name="ack">Sends an acknowledgement.</param>
    public OutputReceiver(uint id, Func<uint, long, Task> ack)
    {
        Id = id;
        this.ack = ack;
    }

    /// <summary>Gets the stream id.</summary>
    public uint Id { get; }

    /// <summary>Gets the queued chunks; the channel completes when the stream's call is answered.</summary>
    public ChannelReader<OutputChunk> Chunks => chunks.Reader;

    /// <summary>Queues a chunk (the connection's read loop calls this).</summary>
    /// <param name="chunk">The chunk.</param>
    public void Add(OutputChunk chunk) => chunks.Writer.TryWrite(chunk);

    /// <summary>Ends the queue: every frame of the stream arrived before its call's answer.</summary>
    public void Complete() => chunks.Writer.TryComplete();

    /// <summary>Records that the reader consumed a chunk, and acknowledges when it is time.</summary>
    /// <param name="chunk">The chunk.</param>
    public void Consumed(OutputChunk chunk)
    {
        consumed += chunk.Data.Length;
        if (consumed >= AckBytes || (consumed > 0 && chunks.Reader.Count == 0))
        {
            var bytes = consumed;
            consumed = 0;
            _ = ack(Id, bytes).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
