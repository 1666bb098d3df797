// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Nerdbank.Streams;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Wtt.Transports.Rpc;

/// <content>
/// The errors the handler sends itself: for frames that never reach StreamJsonRpc, and in place of the <c>-32602</c> invalid-params error StreamJsonRpc makes when arguments do not bind: its message lists .NET signatures and
/// types and its <c>data</c> the exception's type and stack; the agent sends a message that names the parameter instead, and no data.
/// </content>
internal sealed partial class WttMessageHandler
{
    /// <summary>
    /// Sends the error before the connection closes: on a plain connection straight into the stream, since the pipe that feeds it
    /// may not have drained when the stream is disposed.
    /// </summary>
    private async ValueTask AnswerLastAsync(JsonRpcError error, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            await AnswerAsync(error, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var body = new Sequence<byte>();
        Formatter.Serialize(body, error);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, (int)body.Length);
        body.AsReadOnlySequence.CopyTo(frame.AsSpan(4));
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends an error for a frame that never reaches StreamJsonRpc, through the same lock as its own messages.</summary>
    private async ValueTask AnswerAsync(JsonRpcError error, CancellationToken cancellationToken)
        => await WriteAsync(error, cancellationToken).ConfigureAwait(false);

    /// <summary>StreamJsonRpc's phrasing of one argument that failed to bind: the argument's name in quotes.</summary>
    [GeneratedRegex("argument with name \"(?<name>[A-Za-z_][A-Za-z0-9_]*)\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ArgumentName();

    /// <summary>Rewrites an outgoing invalid-params error into one with no .NET type names, stack or data.</summary>
    /// <param name="message">The outgoing message.</param>
    /// <returns>The message to send.</returns>
    private JsonRpcMessage Sanitize(JsonRpcMessage message)
    {
        if (!ServesRequests || message is not JsonRpcError { Error: { Code: JsonRpcErrorCode.InvalidParams } detail } error)
        {
            return message;
        }

        var text = detail.Message + "\n" + Describe(detail.Data);
        var names = ArgumentName().Matches(text).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();
        var what = names.Count switch
        {
            0 => "the parameters do not match the method's (their number, names or shapes)",
            1 => $"parameter \"{names[0]}\" is missing or has the wrong shape",
            _ => $"parameters {string.Join(", ", names.Select(n => $"\"{n}\""))} are missing or have the wrong shape",
        };
        return new JsonRpcError
        {
            RequestId = error.RequestId,
            Error = new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.InvalidParams, Message = $"Invalid params: {what}. Send them as docs/protocol.md (section 3) shows, by name or all in order." },
        };
    }

    private static string Describe(object? data) => data switch
    {
        null => string.Empty,
        Exception ex => string.Join("\n", Chain(ex)),
        CommonErrorData common => common.Message + "\n" + Describe(common.Inner),
        _ => string.Empty,
    };

    private static IEnumerable<string> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current is RpcArgumentDeserializationException { ArgumentName: { } name } ? $"argument with name \"{name}\"" : current.Message;
        }
    }
}
