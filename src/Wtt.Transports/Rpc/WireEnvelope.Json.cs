// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Text.Json;
using StreamJsonRpc;

namespace Wtt.Transports.Rpc;

/// <content>The check of a JSON frame.</content>
internal static partial class WireEnvelope
{
    /// <summary>Checks a JSON frame.</summary>
    /// <param name="frame">The frame's bytes.</param>
    /// <returns>What is wrong with it, or <see langword="null"/> when it is a well-formed request.</returns>
    public static Rejection? CheckJson(ReadOnlySequence<byte> frame)
    {
        var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read())
            {
                return ParseError("the frame holds no JSON value");
            }

            Members members = default;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                members.Fail(reader.TokenType == JsonTokenType.StartArray ? "batches (a JSON array) are not supported" : "the message is not a JSON object");
                reader.Skip();
            }
            else
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    ReadMember(ref reader, ref members);
                }
            }

            // One more read finds bytes after the value (other than white space), which the reader refuses.
            if (reader.Read())
            {
                return ParseError("bytes follow the JSON value");
            }

            return members.Verdict();
        }
        catch (JsonException ex)
        {
            return ParseError($"the frame is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
        }
        catch (InvalidOperationException)
        {
            return ParseError("a string is not valid UTF-8");
        }
    }

    private static void ReadMember(ref Utf8JsonReader reader, ref Members members)
    {
        if (reader.ValueTextEquals("jsonrpc"u8))
        {
            reader.Read();
            members.HasVersion = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("2.0"u8);
            if (!members.HasVersion)
            {
                members.Fail("\"jsonrpc\" must be \"2.0\"");
            }
        }
        else if (reader.ValueTextEquals("id"u8))
        {
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    members.Id = new RequestId(reader.GetString());
                    break;
                case JsonTokenType.Number when reader.TryGetInt64(out var number):
                    members.Id = new RequestId(number);
                    break;
                case JsonTokenType.Null:
                    members.Id = RequestId.Null;
                    break;
                default:
                    members.Fail("\"id\" must be a string, an integer or null");
                    reader.Skip();
                    break;
            }
        }
        else if (reader.ValueTextEquals("method"u8))
        {
            reader.Read();
            members.HasMethod = reader.TokenType == JsonTokenType.String;
            if (!members.HasMethod)
            {
                members.Fail("\"method\" must be a string");
                reader.Skip();
            }
            else
            {
                // Reading the name checks its UTF-8.
                _ = reader.GetString();
            }
        }
        else if (reader.ValueTextEquals("params"u8))
        {
            reader.Read();
            if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.StartObject or JsonTokenType.Null))
            {
                members.Fail("\"params\" must be an array or an object");
            }

            reader.Skip();
        }
        else
        {
            members.IsResponse |= reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("error"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                _ = reader.GetString();
            }

            reader.Skip();
        }
    }
}
