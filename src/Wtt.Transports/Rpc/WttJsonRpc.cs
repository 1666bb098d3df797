// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Reflection;
using Microsoft.VisualStudio.Threading;
using Nerdbank.Streams;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using Wtt.Transports.Handshake;
using Wtt.Transports.Protocol;

namespace Wtt.Transports.Rpc;

/// <summary>A <see cref="JsonRpc"/> that sends <see cref="WttException"/> with its code and turns such errors back into the same exception.</summary>
internal sealed class WttJsonRpc : JsonRpc
{
    private readonly string? peerMachine;

    /// <summary>Cancelled from <see cref="JsonRpc.Disconnected"/>; a source with no timer, so it needs no dispose.</summary>
    private readonly CancellationTokenSource ended = new();

    /// <summary>The connection's handler, which tells whether the request being dispatched came alone.</summary>
    private readonly WttMessageHandler wire;

    private WttJsonRpc(WttMessageHandler handler, string? peerMachine)
        : base(handler)
    {
        wire = handler;
        this.peerMachine = peerMachine;
        Disconnected += static (sender, _) => ((WttJsonRpc)sender!).ended.Cancel();
    }

    /// <summary>The methods run on the thread that read their request when it came alone; <see langword="null"/> for none.</summary>
    private IReadOnlySet<MethodInfo>? inline;

    /// <summary>Gets a token that is cancelled when the connection is lost or disposed.</summary>
    public CancellationToken ConnectionEnded => ended.Token;

    /// <summary>
    /// Runs <paramref name="methods"/> on the thread that read their request when the request came alone in its read
    /// (<see cref="WttMessageHandler.FrameAlone"/>), and one after another on one thread of the pool when requests came
    /// several in a read (<see cref="InlineSynchronizationContext"/>); the other methods are queued to the thread pool,
    /// each as its own work item. Call before listening.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A caller that waits for each answer saves the hand-off to another thread. Requests that came together are not
    /// answered on the reading thread: one after another there, 64 calls in flight left a core idle while that thread
    /// worked (17 % of the samples idle, against 6 % off it) and switched threads 0.94 times a call, against 0.54; their
    /// median time a call went from 1.24 to 1.20 times the echo's (15 repeats in turns, tests/Wtt.Benchmarks/Lifecycle/README.md,
    /// eighteenth pass).
    /// </para>
    /// <para>
    /// Nor is each of them a work item of its own, as every other method is: queued in order to one thread, through the
    /// context StreamJsonRpc gives the connection and queues every method to by default, the connection's reading thread
    /// and that one share the burst, and the pool wakes no thread per call. 64 calls in flight, in turns (12 repeats
    /// each): 1.13 → 1.105 the echo's time (nineteenth pass). These methods never block, so none waits behind a slow one.
    /// </para>
    /// </remarks>
    /// <param name="methods">Methods that answer without blocking: while one runs, the connection reads nothing else.</param>
    public void RunInline(IReadOnlySet<MethodInfo> methods)
    {
        inline = methods;
        SynchronizationContext = new InlineSynchronizationContext(SynchronizationContext ?? new NonConcurrentSynchronizationContext(sticky: false));
    }

    /// <summary>Creates a connection over a stream that has passed the handshake; the caller adds targets and starts listening.</summary>
    /// <param name="handler">The connection's handler, from <see cref="CreateHandler"/>.</param>
    /// <param name="peerMachine">The machine at the other end, named in errors that name none.</param>
    /// <returns>The connection, not yet listening.</returns>
    public static WttJsonRpc Create(WttMessageHandler handler, string? peerMachine)
        => new(handler, peerMachine)
        {
            CancelLocallyInvokedMethodsWhenConnectionIsClosed = true,

            // W3C trace context (traceparent, tracestate) rides on each request, so the caller's activity and the agent's are one trace.
            ActivityTracingStrategy = WttActivityTracing.Instance,
        };

    /// <summary>Creates the handler of a connection: the wire's framing and formatter, over the stream itself or, when multiplexed, over the JSON-RPC channel.</summary>
    /// <param name="stream">The stream, after the handshake.</param>
    /// <param name="mux">The connection's multiplexing stream and JSON-RPC channel; <see langword="null"/> for a plain connection.</param>
    /// <param name="features">The features agreed in the handshake; <see cref="WireFeatures.MessagePack"/> picks MessagePack over JSON text.</param>
    /// <param name="maxMessageBytes">The largest message accepted or sent.</param>
    /// <returns>The handler.</returns>
    /// <remarks>
    /// Output channels are opened by id in the calls that use them (<c>tailChannel</c>, <c>outputChannel</c>), so the formatter
    /// marshals no pipes and needs no <see cref="MultiplexingStream"/> of its own.
    /// </remarks>
    public static WttMessageHandler CreateHandler(Stream stream, (MultiplexingStream Mux, MultiplexingStream.Channel Rpc)? mux, WireFeatures features, int maxMessageBytes)
    {
        IJsonRpcMessageFormatter formatter = features.HasFlag(WireFeatures.MessagePack) ? WttMessagePack.CreateFormatter() : WttJson.CreateFormatter();
        return mux is { } multiplexed
            ? new(multiplexed.Rpc, formatter, maxMessageBytes)
            : new(stream, formatter, maxMessageBytes);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The base method reaches its first post (its await of the connection's context) before it returns, so the mark set
    /// here is taken by that post, on this thread, and by no other.
    /// </remarks>
    protected override ValueTask<JsonRpcMessage> DispatchRequestAsync(JsonRpcRequest request, TargetMethod targetMethod, CancellationToken cancellationToken)
    {
        if (inline is null || targetMethod.TargetMethodInfo is not { } method || !inline.Contains(method))
        {
            return base.DispatchRequestAsync(request, targetMethod, cancellationToken);
        }

        if (wire.FrameAlone)
        {
            InlineSynchronizationContext.RunNextPostInline();
        }
        else
        {
            InlineSynchronizationContext.RunNextPostInOrder();
        }

        try
        {
            return base.DispatchRequestAsync(request, targetMethod, cancellationToken);
        }
        finally
        {
            InlineSynchronizationContext.ClearMark();
        }
    }

    /// <inheritdoc/>
    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        var wtt = Unwrap(exception);
        if (wtt is null)
        {
            // Keep StreamJsonRpc's code and message, but never send the exception's type and stack to a caller.
            var detail = base.CreateErrorDetails(request, exception);
            detail.Data = null;
            return detail;
        }

        return new JsonRpcError.ErrorDetail
        {
            Code = (JsonRpcErrorCode)WttJsonRpcErrorCodes.ToJsonRpc(wtt.ErrorCode),
            Message = wtt.Message,
            Data = new WireError(wtt.ErrorCode.ToString(), wtt.ProcessId.IsNil ? null : wtt.ProcessId, wtt.Machine),
        };
    }

    /// <inheritdoc/>
    protected override Type? GetErrorDetailsDataType(JsonRpcError error)
        => error?.Error is { } detail && WttJsonRpcErrorCodes.TryFromJsonRpc((int)detail.Code, out _)
            ? typeof(WireError)
            : base.GetErrorDetailsDataType(error!);

    /// <inheritdoc/>
    protected override RemoteRpcException CreateExceptionFromRpcError(JsonRpcRequest request, JsonRpcError response)
    {
        var exception = base.CreateExceptionFromRpcError(request, response);
        if (response.Error is { } detail && WttJsonRpcErrorCodes.TryFromJsonRpc((int)detail.Code, out var code))
        {
            WireError? data = null;
            try
            {
                data = detail.GetData(typeof(WireError)) as WireError;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                data = null;
            }

            if (data is not null && Enum.TryParse<WttErrorCode>(data.WttCode, out var named) && named == code)
            {
                var wtt = new WttException(code, detail.Message ?? code.ToString(), null, data.ProcessId ?? default, data.Machine ?? peerMachine);
                return new WttRemoteError(wtt, exception);
            }
        }

        return exception;
    }

    private static WttException? Unwrap(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is WttException wtt)
            {
                return wtt;
            }

            if (current is not (TargetInvocationException or AggregateException or LocalRpcException))
            {
                return null;
            }
        }

        return null;
    }
}
