// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;

namespace Wtt.Transports.Rpc;

/// <summary>The caller's open output streams on one connection, by the stream id it chose; the handler delivers frames here.</summary>
/// <remarks>Thread-safe. A frame for a stream no longer open (the caller stopped reading) is dropped.</remarks>
internal sealed class OutputStreams
{
    private readonly ConcurrentDictionary<uint, OutputReceiver> open = new();
    private int next;

    /// <summary>Opens a stream with a new id.</summary>
    /// <param name="ack">Sends the agent the bytes the caller consumed, so it may send more.</param>
    /// <returns>The stream's receiver.</returns>
    public OutputReceiver Open(Func<uint, long, Task> ack)
    {
        var receiver = new OutputReceiver((uint)Interlocked.Increment(ref next), ack);
        open[receiver.Id] = receiver;
        return receiver;
    }

    /// <summary>Forgets a stream.</summary>
    /// <param name="id">The stream id.</param>
    public void Close(uint id) => open.TryRemove(id, out _);

    /// <summary>Hands a chunk to its stream.</summary>
    /// <param name="stream">The stream id.</param>
    /// <param name="chunk">The chunk.</param>
    public void Deliver(uint stream, OutputChunk chunk)
    {
        if (open.TryGetValue(stream, out var receiver))
        {
            receiver.Add(chunk);
        }
    }
}
