// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Text;
using System.Text.Json;
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
        Error = new JsonRpcError.ErrorDetail
        {
            Code = (JsonRpcErrorCode)WttJsonRpcErrorCodes.ToJsonRpc(WttErrorCode.MessageTooLarge),
            Message = $"The response is {size} bytes; the limit is {maxMessageBytes}. Ask for less (filter the list, read output in pieces) or raise MaxMessageBytes on both sides.",
            Data = new WireError(nameof(WttErrorCode.MessageTooLarge)),
        },
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

        var id = FindId(prefix.AsSpan(0, kept));
        if (id is null)
        {
            throw new WttException(WttErrorCode.MessageTooLarge, $"A message of {length} bytes exceeded the limit of {maxMessageBytes} and names no id to answer; the connection is closed.");
        }

        var synthetic = $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{WttProtocol.MessageTooLarge}\",\"params\":{{\"size\":{length},\"limit\":{maxMessageBytes}}}}}";
        return Formatter.Deserialize(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(synthetic)));
    }

    /// <summary>Finds the top-level <c>id</c> of a message in its first bytes, as JSON text.</summary>
    private static string? FindId(ReadOnlySpan<byte> prefix)
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
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        JsonTokenType.String => JsonSerializer.Serialize(reader.GetString()),
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
