// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Wtt.Core.Events;

/// <summary>
/// The receiving end of one event queue file: the file stays open from the first read on, and each wake-up reads
/// what was appended since the saved offset with positional reads into a reused buffer (one <c>pread</c> when
/// little was appended), so an event costs no open, no stat and no seek.
/// </summary>
internal sealed class EventQueueReader(string path, WttProcessId owner) : IDisposable
{
    private const int InitialBuffer = 4096;
    private SafeFileHandle? handle;
    private byte[] buffer = new byte[InitialBuffer];
    private int buffered; // bytes of an incomplete record kept at the start of the buffer
    private long fileOffset; // where the next read starts
    private long recordOffset; // the file offset of buffer[0]

    /// <summary>Reads the records appended since the last call and adds their events to <paramref name="events"/>.</summary>
    /// <param name="events">Receives the events, in the order sent.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.ProtocolError"/>: the queue file is corrupt.</exception>
    public void ReadNew(List<WttSignal> events)
    {
        if (handle is null)
        {
            try
            {
                handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (FileNotFoundException)
            {
                return; // nothing was sent yet
            }
        }

        while (true)
        {
            if (buffered == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var free = buffer.Length - buffered;
            var read = RandomAccess.Read(handle, buffer.AsSpan(buffered), fileOffset);
            if (read == 0)
            {
                return;
            }

            fileOffset += read;
            buffered += read;
            Parse(events);
            if (read < free)
            {
                return; // the read did not fill the buffer: it reached the end of the file
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => handle?.Dispose();

    private void Parse(List<WttSignal> events)
    {
        var at = 0;
        while (buffered - at >= TableEventBus.HeaderSize)
        {
            var span = buffer.AsSpan(at, buffered - at);
            var nameLength = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
            if (BinaryPrimitives.ReadInt32LittleEndian(span) != TableEventBus.Magic || nameLength is <= 0 or > WttSignal.MaxNameLength || payloadLength is < 0 or > WttSignal.MaxPayloadBytes)
            {
                throw new WttException(WttErrorCode.ProtocolError, $"The event queue {path} is corrupt at byte {recordOffset + at}; delete it to drop the pending events.", processId: owner);
            }

            var size = TableEventBus.HeaderSize + nameLength + payloadLength;
            if (span.Length < size)
            {
                break; // a record still being written (or larger than the buffer): completed by the next read
            }

            var name = Encoding.UTF8.GetString(span.Slice(TableEventBus.HeaderSize, nameLength));
            events.Add(WttSignal.Create(name, span.Slice(TableEventBus.HeaderSize + nameLength, payloadLength)));
            at += size;
        }

        if (at > 0)
        {
            buffer.AsSpan(at, buffered - at).CopyTo(buffer);
            buffered -= at;
            recordOffset += at;
        }
    }
}
