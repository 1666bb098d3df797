// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Wtt.Transports.Protocol;

namespace Wtt.Transports.Rpc;

/// <summary>
/// The records inside an output channel (docs/protocol.md, "Output channels"): a 4-byte big-endian length, a kind byte,
/// then for a chunk a small big-endian header and the raw bytes, for the end the JSON of a <see cref="WireStreamEnd"/>.
/// </summary>
internal static class OutputRecord
{
    /// <summary>The kind byte of a chunk record.</summary>
    public const byte ChunkKind = 1;

    /// <summary>The kind byte of the final record.</summary>
    public const byte EndKind = 2;

    /// <summary>The most data bytes one chunk record carries; a bigger chunk travels as several records, so no record nears a caller's message limit.</summary>
    public const int MaxData = 1024 * 1024;

    /// <summary>The bytes of a chunk's fixed header after the kind: source, flags, offset, process.</summary>
    private const int FixedBytes = 1 + 1 + 8 + 16;

    private const ushort NoText = ushort.MaxValue;

    /// <summary>Writes a chunk record.</summary>
    /// <param name="writer">The channel's writer.</param>
    /// <param name="chunk">The chunk.</param>
    public static void WriteChunk(IBufferWriter<byte> writer, OutputChunk chunk)
    {
        var logName = chunk.LogName is null ? null : Encoding.UTF8.GetBytes(chunk.LogName);
        var machine = chunk.Machine is null ? null : Encoding.UTF8.GetBytes(chunk.Machine);
        var header = 1 + FixedBytes + 2 + (logName?.Length ?? 0) + 2 + (machine?.Length ?? 0);
        var span = writer.GetSpan(4 + header);
        BinaryPrimitives.WriteInt32BigEndian(span, checked(header + chunk.Data.Length));
        span[4] = ChunkKind;
        span[5] = (byte)chunk.Source;
        span[6] = chunk.Restarted ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64BigEndian(span[7..], chunk.Offset);
        chunk.ProcessId.Value.TryWriteBytes(span[15..], bigEndian: true, out _);
        var at = 31;
        at += WriteText(span[at..], logName);
        at += WriteText(span[at..], machine);
        writer.Advance(at);
        writer.Write(chunk.Data.Span);
    }

    /// <summary>Splits a chunk into pieces of at most <see cref="MaxData"/> bytes, with their offsets.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <returns>The pieces, the chunk itself when it is small enough.</returns>
    public static IEnumerable<OutputChunk> Split(OutputChunk chunk)
    {
        if (chunk.Data.Length <= MaxData)
        {
            yield return chunk;
            yield break;
        }

        for (var at = 0; at < chunk.Data.Length; at += MaxData)
        {
            yield return chunk with { Offset = chunk.Offset + at, Data = chunk.Data.Slice(at, Math.Min(MaxData, chunk.Data.Length - at)), Restarted = chunk.Restarted && at == 0 };
        }
    }

    /// <summary>Writes the final record.</summary>
    /// <param name="writer">The channel's writer.</param>
    /// <param name="end">How the stream ended.</param>
    public static void WriteEnd(IBufferWriter<byte> writer, WireStreamEnd end)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(end, WttJson.Handshake);
        var span = writer.GetSpan(5);
        BinaryPrimitives.WriteInt32BigEndian(span, 1 + json.Length);
        span[4] = EndKind;
        writer.Advance(5);
        writer.Write(json);
    }

    /// <summary>Reads the next record.</summary>
    /// <param name="reader">The channel's reader.</param>
    /// <param name="maxBytes">The largest record accepted.</param>
    /// <param name="cancellationToken">Ends the read.</param>
    /// <returns>A chunk or the end; <see langword="null"/> when the channel closed (or the read was cancelled) before a whole record arrived.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.ProtocolError"/>: a malformed or oversize record.</exception>
    public static async ValueTask<object?> ReadAsync(PipeReader reader, int maxBytes, CancellationToken cancellationToken)
    {
        // Plain reads only: a channel's reader counts what was consumed against the last buffer ReadAsync gave.
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= 4)
            {
                var length = ReadLength(buffer);
                if (length <= 0 || length > maxBytes)
                {
                    reader.AdvanceTo(buffer.Start);
                    throw new WttException(WttErrorCode.ProtocolError, $"An output record declared {length} bytes; the limit is {maxBytes}. Raise MaxMessageBytes on the caller, or see docs/protocol.md, \"Output channels\".");
                }

                if (buffer.Length >= 4L + length)
                {
                    var body = buffer.Slice(4, length);
                    try
                    {
                        return Parse(body);
                    }
                    finally
                    {
                        reader.AdvanceTo(body.End);
                    }
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }

    private static int ReadLength(ReadOnlySequence<byte> buffer)
    {
        Span<byte> raw = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(raw);
        return BinaryPrimitives.ReadInt32BigEndian(raw);
    }

    /// <summary>Parses a record's body (after the length).</summary>
    /// <param name="body">The body.</param>
    /// <returns>An <see cref="OutputChunk"/> (its bytes copied) or a <see cref="WireStreamEnd"/>.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.ProtocolError"/>: a malformed record.</exception>
    public static object Parse(ReadOnlySequence<byte> body)
    {
        var reader = new SequenceReader<byte>(body);
        if (reader.TryRead(out var kind) && kind == EndKind)
        {
            try
            {
                var json = new Utf8JsonReader(reader.UnreadSequence);
                return JsonSerializer.Deserialize<WireStreamEnd>(ref json, WttJson.Handshake) ?? throw Malformed(body.Length);
            }
            catch (JsonException ex)
            {
                throw Malformed(body.Length, ex);
            }
        }

        Span<byte> id = stackalloc byte[16];
        byte source = 0, flags = 0;
        long offset = 0;
        string? logName = null, machine = null;
        var ok = kind == ChunkKind && reader.TryRead(out source) && reader.TryRead(out flags) && reader.TryReadBigEndian(out offset) && reader.TryCopyTo(id);
        if (ok)
        {
            reader.Advance(16);
            ok = TryReadText(ref reader, out logName) && TryReadText(ref reader, out machine) && source <= (byte)OutputSource.Log;
        }

        if (!ok)
        {
            throw Malformed(body.Length);
        }

        return new OutputChunk(new WttProcessId(new Guid(id, bigEndian: true)), (OutputSource)source, offset, reader.UnreadSequence.ToArray())
        {
            LogName = logName,
            Machine = machine,
            Restarted = (flags & 1) != 0,
        };
    }

    private static WttException Malformed(long length, Exception? inner = null)
        => new(WttErrorCode.ProtocolError, $"An output record of {length} bytes is malformed; see docs/protocol.md, \"Output channels\".", inner);

    private static int WriteText(Span<byte> span, byte[]? text)
    {
        if (text is null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, NoText);
            return 2;
        }

        BinaryPrimitives.WriteUInt16BigEndian(span, checked((ushort)text.Length));
        text.CopyTo(span[2..]);
        return 2 + text.Length;
    }

    private static bool TryReadText(ref SequenceReader<byte> reader, out string? text)
    {
        text = null;
        if (!reader.TryReadBigEndian(out short raw))
        {
            return false;
        }

        var length = (ushort)raw;
        if (length == NoText)
        {
            return true;
        }

        if (reader.Remaining < length)
        {
            return false;
        }

        text = Encoding.UTF8.GetString(reader.UnreadSequence.Slice(0, length));
        reader.Advance(length);
        return true;
    }
}
