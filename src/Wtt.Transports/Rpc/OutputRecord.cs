// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Wtt.Transports.Protocol;

namespace Wtt.Transports.Rpc;

/// <summary>
/// The records inside an output channel (docs/protocol.md, "Multiplexed connections and output channels"): a 4-byte big-endian length, a kind byte,
/// then for a chunk a small big-endian header and the raw bytes, for the end the JSON of a <see cref="WireStreamEnd"/>.
/// </summary>
internal static partial class OutputRecord
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
}
