// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Text.Json;
using MessagePack;
using Nerdbank.Streams;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using Wtt.Transports.Protocol;

namespace Wtt.Transports.Rpc;

/// <content>Messages over the size limit: the error that replaces them, and skipping an incoming one while keeping its id.</content>
internal sealed partial class WttMessageHandler
{
    private JsonRpcError TooLargeError(RequestId id, long size) => new()
    {
        RequestId = id,
        Error = TooLargeDetail($"The response is {size} bytes; the limit is {maxMessageBytes}. Ask for less (filter the list, read output in pieces) or raise MaxMessageBytes on both sides."),
    };

    private static JsonRpcError.ErrorDetail TooLargeDetail(string message) => new()
    {
        Code = (JsonRpcErrorCode)WttJsonRpcErrorCodes.ToJsonRpc(WttErrorCode.MessageTooLarge),
        Message = message,
        Data = new WireError(nameof(WttErrorCode.MessageTooLarge)),
    };

    private async ValueTask<JsonRpcMessage?> SkipOversizeAsync(int length, CancellationToken cancellationToken)
    {
        var prefix = new byte[Math.Min(length, IdScanBytes)];
        var kept = 0;
        long remaining = length;
        while (remaining > 0)
        {
            var read = await Reader!.ReadAsync(cancellationToken).ConfigureAwait(false);
            var take = read.Buffer.Slice(0, Math.Min(remaining, read.Buffer.Length));
            if (kept < prefix.Length)
            {
                var copy = take.Slice(0, Math.Min(take.Length, prefix.Length - kept));
                copy.CopyTo(prefix.AsSpan(kept));
                kept += (int)copy.Length;
            }

            remaining -= take.Length;
            Reader.AdvanceTo(take.End);
            if (remaining > 0 && read.IsCompleted)
            {
                throw new EndOfStreamException("The connection ended inside an oversize frame.");
            }
        }

        var id = Formatter is MessagePackFormatter ? FindMessagePackId(prefix.AsMemory(0, kept)) : FindJsonId(prefix.AsSpan(0, kept));
        if (id is not { } requestId)
        {
            // Answered under id null, as JSON-RPC answers a request whose id cannot be read; the frame is skipped, so the connection goes on.
            await AnswerAsync(new JsonRpcError { RequestId = RequestId.Null, Error = TooLargeDetail($"The message is {length} bytes; the agent accepts at most {maxMessageBytes}, and its first {IdScanBytes} bytes name no id. Send less, or raise MaxMessageBytes on the agent.") }, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return Synthesize(requestId, length);
    }

    /// <summary>
    /// Makes the request the framing puts in place of an oversize one: a call of <see cref="WttProtocol.MessageTooLarge"/> under
    /// the skipped request's id, passed through the connection's formatter so it reads as any request of that encoding does.
    /// </summary>
    private JsonRpcMessage Synthesize(RequestId id, int length)
    {
        var request = ((IJsonRpcMessageFactory)Formatter).CreateRequestMessage();
        request.RequestId = id;
        request.Method = WttProtocol.MessageTooLarge;
        request.NamedArguments = new Dictionary<string, object?> { ["size"] = (long)length, ["limit"] = (long)maxMessageBytes };
        var encoded = new Sequence<byte>();
        Formatter.Serialize(encoded, request);
        return Formatter.Deserialize(encoded.AsReadOnlySequence);
    }

    /// <summary>Finds the top-level <c>id</c> of a MessagePack message (a map with string keys) in its first bytes.</summary>
    private static RequestId? FindMessagePackId(ReadOnlyMemory<byte> prefix)
    {
        var reader = new MessagePackReader(prefix);
        try
        {
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                if (reader.NextMessagePackType == MessagePackType.String && reader.ReadString() == "id")
                {
                    return reader.NextMessagePackType switch
                    {
                        MessagePackType.Integer => new RequestId(reader.ReadInt64()),
                        MessagePackType.String => new RequestId(reader.ReadString()),
                        _ => null,
                    };
                }

                reader.Skip();
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or MessagePackSerializationException)
        {
            return null;
        }

        return null;
    }

    /// <summary>Finds the top-level <c>id</c> of a JSON message in its first bytes.</summary>
    private static RequestId? FindJsonId(ReadOnlySpan<byte> prefix)
    {
        var reader = new Utf8JsonReader(prefix, isFinalBlock: false, default);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("id"u8))
                {
                    if (!reader.Read())
                    {
                        return null;
                    }

                    return reader.TokenType switch
                    {
                        JsonTokenType.Number when reader.TryGetInt64(out var number) => new RequestId(number),
                        JsonTokenType.String => new RequestId(reader.GetString()),
                        _ => null,
                    };
                }

                if (reader.CurrentDepth >= 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                {
                    return null;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
