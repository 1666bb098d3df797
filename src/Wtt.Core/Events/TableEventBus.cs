// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Wtt.Events;

/// <summary>
/// Delivers global events across processes through the machine's process table: the event is appended to
/// the target's queue file, then the row's event word and sequence are bumped, which wakes the target
/// (a futex on the shared word with the shared-memory table).
/// </summary>
/// <remarks>
/// Each event is one record written by a single <c>write</c> to a file opened for appending, so events
/// from concurrent senders never interleave, and events from one sender arrive in the order sent. A
/// receiver reads from the start of the queue, so events sent before it attached are not lost.
/// Thread-safe and safe across processes.
/// </remarks>
internal sealed class TableEventBus : IGlobalEventBus
{
    private const int Magic = 0x54545645; // "EVTT"
    private const int HeaderSize = 12;
    private readonly IProcessTable table;
    private readonly string queueFolder;

    /// <summary>Initializes a bus over <paramref name="table"/> that keeps queues in <paramref name="queueFolder"/>.</summary>
    /// <param name="table">The machine's process table.</param>
    /// <param name="queueFolder">A folder every process of the machine can write (created if missing).</param>
    public TableEventBus(IProcessTable table, string queueFolder)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(queueFolder);
        this.table = table;
        this.queueFolder = queueFolder;
        Directory.CreateDirectory(queueFolder);
    }

    /// <inheritdoc/>
    public ValueTask<SignalOutcome> SendAsync(WttProcessId target, WttSignal signal, CancellationToken cancellationToken = default)
    {
        if (signal is null)
        {
            throw WttException.InvalidArgument("SendAsync needs a signal.");
        }

        if (target.IsNil)
        {
            throw WttException.InvalidArgument("SendAsync needs a process id, not nil; pass the id of a Wtt-based process in the table.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!table.TryGet(target, out var row))
        {
            throw WttException.UnknownProcess(target);
        }

        if (row.Status.IsEnded())
        {
            return ValueTask.FromResult(SignalOutcome.AlreadyExited);
        }

        Append(target, signal);
        table.PostEvent(target, signal.IsShutdown ? ProcessEventBits.QueuedEvents | ProcessEventBits.Shutdown : ProcessEventBits.QueuedEvents);
        return ValueTask.FromResult(SignalOutcome.Delivered);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<WttSignal> ReceiveAllAsync(WttProcessId self, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!table.TryGet(self, out _))
        {
            throw WttException.UnknownProcess(self);
        }

        long offset = 0;
        while (true)
        {
            var observed = table.TryGet(self, out var row) ? row.EventSequence : 0;
            foreach (var (signal, next) in ReadFrom(self, offset))
            {
                offset = next;
                yield return signal;
            }

            table.TakeEvents(self);
            await table.WaitForEventAsync(self, observed, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
    }

    private string QueuePath(WttProcessId id) => Path.Combine(queueFolder, $"{id:N}.events");

    private void Append(WttProcessId target, WttSignal signal)
    {
        var name = Encoding.UTF8.GetBytes(signal.Name);
        var record = new byte[HeaderSize + name.Length + signal.Payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(record, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), name.Length);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(8), signal.Payload.Length);
        name.CopyTo(record.AsSpan(HeaderSize));
        signal.Payload.Span.CopyTo(record.AsSpan(HeaderSize + name.Length));

        AtomicAppend.Write(QueuePath(target), record);
    }

    private List<(WttSignal Signal, long Next)> ReadFrom(WttProcessId self, long offset)
    {
        var events = new List<(WttSignal, long)>();
        byte[] bytes;
        try
        {
            using var file = new FileStream(QueuePath(self), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            if (file.Length <= offset)
            {
                return events;
            }

            file.Position = offset;
            bytes = new byte[file.Length - offset];
            file.ReadExactly(bytes);
        }
        catch (FileNotFoundException)
        {
            return events;
        }

        var at = 0;
        while (bytes.Length - at >= HeaderSize)
        {
            var span = bytes.AsSpan(at);
            var nameLength = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
            if (BinaryPrimitives.ReadInt32LittleEndian(span) != Magic || nameLength is <= 0 or > WttSignal.MaxNameLength || payloadLength is < 0 or > WttSignal.MaxPayloadBytes)
            {
                throw new WttException(WttErrorCode.ProtocolError, $"The event queue {QueuePath(self)} is corrupt at byte {offset + at}; delete it to drop the pending events.", processId: self);
            }

            var size = HeaderSize + nameLength + payloadLength;
            if (bytes.Length - at < size)
            {
                break; // A record still being written: read it on the next wake-up.
            }

            var name = Encoding.UTF8.GetString(span.Slice(HeaderSize, nameLength));
            var signal = WttSignal.Create(name, span.Slice(HeaderSize + nameLength, payloadLength));
            at += size;
            events.Add((signal, offset + at));
        }

        return events;
    }
}
