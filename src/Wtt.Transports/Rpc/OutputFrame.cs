// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using StreamJsonRpc.Protocol;

namespace Wtt.Transports.Rpc;

/// <summary>
/// One chunk of an output stream as a binary frame beside the JSON-RPC messages (docs/protocol.md, "Output frames"):
/// the frame's 4-byte length has its top bit set, and the body is a small big-endian header and the raw bytes.
/// </summary>
/// <remarks>It derives from <see cref="JsonRpcMessage"/> only so that it goes through the handler's one write path, in order with the responses.</remarks>
internal sealed class OutputFrame : JsonRpcMessage
{
    /// <summary>The bit of the length prefix that marks an output frame.</summary>
    public const uint Marker = 0x8000_0000;

    /// <summary>The most data bytes one frame carries; a bigger chunk travels as several frames.</summary>
    /// <remarks>
    /// A frame stays under the 64 KiB at which the connection's pipes pause their writer, so sending one never waits for
    /// the socket to drain the previous one: 16 MiB in 64 KiB chunks ran in 73 ms (median) with 32 KiB frames against
    /// 111 ms with 256 KiB frames, same load.
    /// </remarks>
    public const int MaxData = 32 * 1024;

    /// <summary>The bytes of the fixed part of the header: stream, process, source, flags, offset.</summary>
    private const int FixedBytes = 4 + 16 + 1 + 1 + 8;

    private const ushort NoText = ushort.MaxValue;

    /// <summary>Initializes a frame.</summary>
    /// <param name="stream">The stream id the caller chose.</param>
    /// <param name="chunk">The chunk.</param>
    public OutputFrame(uint stream, OutputChunk chunk)
    {
        Stream = stream;
        Chunk = chunk;
    }

    /// <summary>Gets the stream id.</summary>
    public uint Stream { get; }

    /// <summary>Gets the chunk.</summary>
    public OutputChunk Chunk { get; }

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

    /// <summary>Writes the frame, length prefix included.</summary>
    /// <param name="writer">The connection's writer.</param>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        var logName = Chunk.LogName is null ? null : Encoding.UTF8.GetBytes(Chunk.LogName);
        var machine = Chunk.Machine is null ? null : Encoding.UTF8.GetBytes(Chunk.Machine);
        var header = FixedBytes + 2 + (logName?.Length ?? 0) + 2 + (machine?.Length ?? 0);
        var span = writer.GetSpan(4 + header);
        BinaryPrimitives.WriteUInt32BigEndian(span, Marker | checked((uint)(header + Chunk.Data.Length)));
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], Stream);
        Chunk.ProcessId.Value.TryWriteBytes(span[8..], bigEndian: true, out _);
        span[24] = (byte)Chunk.Source;
        span[25] = Chunk.Restarted ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64BigEndian(span[26..], Chunk.Offset);
        var at = 34;
        at += WriteText(span[at..], logName);
        at += WriteText(span[at..], machine);
        writer.Advance(at);
        writer.Write(Chunk.Data.Span);
    }

    /// <summary>Reads a frame's body (after the length prefix).</summary>
    /// <param name="body">The body.</param>
    /// <returns>The stream id and the chunk, its bytes copied.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.ProtocolError"/>: a malformed frame.</exception>
    public static (uint Stream, OutputChunk Chunk) Read(ReadOnlySequence<byte> body)
    {
        var reader = new SequenceReader<byte>(body);
        Span<byte> id = stackalloc byte[16];
        int stream = 0;
        byte source = 0, flags = 0;
        long offset = 0;
        string? logName = null, machine = null;
        var ok = reader.TryReadBigEndian(out stream) && reader.TryCopyTo(id);
        if (ok)
        {
            reader.Advance(16);
            ok = reader.TryRead(out source) && reader.TryRead(out flags) && reader.TryReadBigEndian(out offset)
                && TryReadText(ref reader, out logName) && TryReadText(ref reader, out machine) && source <= (byte)OutputSource.Log;
        }

        if (!ok)
        {
            throw new WttException(WttErrorCode.ProtocolError, $"An output frame of {body.Length} bytes is malformed; see docs/protocol.md, \"Output frames\".");
        }

        var data = reader.UnreadSequence.ToArray();
        var chunk = new OutputChunk(new WttProcessId(new Guid(id, bigEndian: true)), (OutputSource)source, offset, data)
        {
            LogName = logName,
            Machine = machine,
            Restarted = (flags & 1) != 0,
        };
        return ((uint)stream, chunk);
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
