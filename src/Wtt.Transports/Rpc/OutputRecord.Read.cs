// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Wtt.Transports.Protocol;

namespace Wtt.Transports.Rpc;

/// <content>Reading records: the next one from a channel, and a record's body.</content>
internal static partial class OutputRecord
{
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
                    throw new WttException(WttErrorCode.ProtocolError, $"An output record declared {length} bytes; the limit is {maxBytes}. Raise MaxMessageBytes on the caller, or see docs/protocol.md, \"Multiplexed connections and output channels\".");
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
        => new(WttErrorCode.ProtocolError, $"An output record of {length} bytes is malformed; see docs/protocol.md, \"Multiplexed connections and output channels\".", inner);

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
