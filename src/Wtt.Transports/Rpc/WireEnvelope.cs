// Copyright (c) Wtt developers. Licensed under the MIT license.

using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Wtt.Transports.Rpc;

/// <summary>
/// Checks the JSON-RPC 2.0 envelope of an incoming frame before StreamJsonRpc's formatter reads it, so a frame that is not a
/// request is answered with the standard error (<c>-32700</c> parse error, <c>-32600</c> invalid request) and the connection
/// goes on, instead of StreamJsonRpc closing it.
/// </summary>
/// <remarks>
/// The check reads the whole frame once (nesting bounded by <see cref="MaxDepth"/>, as the formatters bound theirs) and looks at the
/// top-level members only: <c>jsonrpc</c> must be <c>"2.0"</c>, <c>id</c> a string, an integer or null, <c>method</c> a string,
/// <c>params</c> an array or an object. The agent sends no requests, so a response is not expected either.
/// </remarks>
internal static partial class WireEnvelope
{
    /// <summary>The deepest nesting of arrays and objects (maps) a frame may hold.</summary>
    public const int MaxDepth = 64;

    /// <summary>Makes the error that answers a frame that is not a request.</summary>
    /// <param name="code">The JSON-RPC error code.</param>
    /// <param name="id">The id to answer, or <see cref="RequestId.Null"/> when the frame names none that can be used.</param>
    /// <param name="message">What was wrong and what to send instead.</param>
    /// <returns>The error message.</returns>
    public static JsonRpcError Error(JsonRpcErrorCode code, RequestId id, string message) => new()
    {
        RequestId = id.IsEmpty ? RequestId.Null : id,
        Error = new JsonRpcError.ErrorDetail { Code = code, Message = message },
    };

    /// <summary>What was wrong with a frame: the code, the id found (if any), and the message.</summary>
    /// <param name="Code">The JSON-RPC error code.</param>
    /// <param name="Id">The request's id when it was readable and valid; otherwise <see cref="RequestId.NotSpecified"/>.</param>
    /// <param name="Message">What was wrong and what to send instead.</param>
    internal readonly record struct Rejection(JsonRpcErrorCode Code, RequestId Id, string Message)
    {
        /// <summary>Gets the error message that answers the frame.</summary>
        /// <returns>The error.</returns>
        public JsonRpcError ToError() => Error(Code, Id, Message);
    }

    /// <summary>The top-level members seen so far, and the first thing wrong with them.</summary>
    private ref struct Members
    {
        public RequestId Id;
        public bool HasMethod;
        public bool IsResponse;
        public bool HasVersion;
        public string? Invalid;

        public readonly Rejection? Verdict()
        {
            var problem = Invalid
                ?? (HasMethod ? null : IsResponse ? "the agent sends no requests, so it expects no responses" : "a request needs a \"method\" string")
                ?? (HasVersion ? null : "a request needs \"jsonrpc\":\"2.0\"");
            // A response's id is the caller's own; answering under it would read as the answer to that call.
            return problem is null ? null : new Rejection(JsonRpcErrorCode.InvalidRequest, HasMethod || !IsResponse ? Id : RequestId.NotSpecified, $"Invalid request: {problem}. Send a JSON-RPC 2.0 request object (docs/protocol.md, section 3).");
        }

        public void Fail(string problem) => Invalid ??= problem;
    }

    private static Rejection ParseError(string what)
        => new(JsonRpcErrorCode.ParseError, RequestId.NotSpecified, $"Parse error: {what}. Each frame holds exactly one JSON-RPC message (docs/protocol.md, section 2).");
}
