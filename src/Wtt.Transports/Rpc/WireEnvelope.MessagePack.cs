// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using MessagePack;
using StreamJsonRpc;

namespace Wtt.Transports.Rpc;

/// <content>The check of a MessagePack frame.</content>
internal static partial class WireEnvelope
{
    /// <summary>Room for the longest name <see cref="ReadName"/> compares, in bytes.</summary>
    private const int NameScratchBytes = 16;

    /// <summary>The top-level members the check reads, in UTF-8; the MessagePack reading of a member switches on their index.</summary>
    private static readonly byte[][] MemberNames = ["jsonrpc"u8.ToArray(), "id"u8.ToArray(), "method"u8.ToArray(), "params"u8.ToArray(), "result"u8.ToArray(), "error"u8.ToArray()];

    /// <summary>The one value <c>jsonrpc</c> may have.</summary>
    private static readonly byte[][] Version = ["2.0"u8.ToArray()];

    /// <summary>Checks a MessagePack frame.</summary>
    /// <param name="frame">The frame's bytes.</param>
    /// <returns>What is wrong with it, or <see langword="null"/> when it is a well-formed request.</returns>
    public static Rejection? CheckMessagePack(ReadOnlySequence<byte> frame)
    {
        var reader = new MessagePackReader(frame);
        try
        {
            Members members = default;
            if (reader.NextMessagePackType != MessagePackType.Map)
            {
                members.Fail(reader.NextMessagePackType == MessagePackType.Array ? "batches (an array) are not supported" : "the message is not a map");
                Skip(ref reader, 0);
            }
            else
            {
                var count = reader.ReadMapHeader();
                for (var i = 0; i < count; i++)
                {
                    ReadMember(ref reader, ref members);
                }
            }

            return reader.End ? members.Verdict() : ParseError("bytes follow the MessagePack value");
        }
        catch (Exception ex) when (ex is EndOfStreamException or MessagePackSerializationException or InvalidOperationException or OverflowException)
        {
            return ParseError("the frame is not one valid MessagePack value");
        }
    }

    private static void ReadMember(ref MessagePackReader reader, ref Members members)
    {
        if (reader.NextMessagePackType != MessagePackType.String)
        {
            members.Fail("every key of the message must be a string");
            Skip(ref reader, 1);
            Skip(ref reader, 1);
            return;
        }

        switch (ReadName(ref reader, MemberNames))
        {
            case 0:
                // The value's type decides how it is read, before anything reads it: after a string, the reader is at the next key.
                if (reader.NextMessagePackType == MessagePackType.String)
                {
                    members.HasVersion = ReadName(ref reader, Version) == 0;
                }
                else
                {
                    Skip(ref reader, 1);
                }

                if (!members.HasVersion)
                {
                    members.Fail("\"jsonrpc\" must be \"2.0\"");
                }

                return;
            case 1:
                switch (reader.NextMessagePackType)
                {
                    case MessagePackType.String:
                        members.Id = new RequestId(reader.ReadString());
                        return;
                    case MessagePackType.Integer when reader.NextCode != MessagePackCode.UInt64 || reader.CreatePeekReader().ReadUInt64() <= long.MaxValue:
                        members.Id = new RequestId(reader.ReadInt64());
                        return;
                    case MessagePackType.Nil:
                        reader.ReadNil();
                        members.Id = RequestId.Null;
                        return;
                    default:
                        members.Fail("\"id\" must be a string, an integer or nil");
                        Skip(ref reader, 1);
                        return;
                }

            case 2:
                members.HasMethod = reader.NextMessagePackType == MessagePackType.String;
                if (!members.HasMethod)
                {
                    members.Fail("\"method\" must be a string");
                }

                Skip(ref reader, 1);
                return;
            case 3:
                if (reader.NextMessagePackType is not (MessagePackType.Array or MessagePackType.Map or MessagePackType.Nil))
                {
                    members.Fail("\"params\" must be an array or a map");
                }

                Skip(ref reader, 1);
                return;
            case 4 or 5:
                members.IsResponse = true;
                Skip(ref reader, 1);
                return;
            default:
                Skip(ref reader, 1);
                return;
        }
    }

    /// <summary>
    /// Reads a string and tells which of <paramref name="names"/> it is, comparing its UTF-8 bytes where they lie in the frame,
    /// without making a <see cref="string"/> (the check runs on every request).
    /// </summary>
    /// <returns>The index of the name read, or -1 for any other string.</returns>
    private static int ReadName(ref MessagePackReader reader, byte[][] names)
    {
        Span<byte> scratch = stackalloc byte[NameScratchBytes];
        scoped ReadOnlySpan<byte> name;
        if (reader.TryReadStringSpan(out var contiguous))
        {
            name = contiguous;
        }
        else if (reader.ReadStringSequence() is { } bytes && bytes.Length <= scratch.Length)
        {
            bytes.CopyTo(scratch);
            name = scratch[..(int)bytes.Length];
        }
        else
        {
            // Longer than any name looked for.
            return -1;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Skips one value, refusing nesting deeper than <see cref="MaxDepth"/> (MessagePack's own skip has no bound).</summary>
    private static void Skip(ref MessagePackReader reader, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new MessagePackSerializationException($"The value nests deeper than {MaxDepth}.");
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Array:
                for (int i = 0, count = reader.ReadArrayHeader(); i < count; i++)
                {
                    Skip(ref reader, depth + 1);
                }

                return;
            case MessagePackType.Map:
                for (int i = 0, count = reader.ReadMapHeader(); i < count; i++)
                {
                    Skip(ref reader, depth + 1);
                    Skip(ref reader, depth + 1);
                }

                return;
            case MessagePackType.Unknown:
                throw new MessagePackSerializationException($"Byte 0x{reader.NextCode:x2} starts no MessagePack value.");
            default:
                reader.Skip();
                return;
        }
    }
}
