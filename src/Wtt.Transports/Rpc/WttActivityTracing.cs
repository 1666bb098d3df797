// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Wtt.Transports.Rpc;

/// <summary>
/// Carries W3C trace context (traceparent, tracestate) across the JSON-RPC hop, at no cost when the caller has no activity.
/// </summary>
/// <remarks>
/// StreamJsonRpc's <see cref="ActivityTracingStrategy"/> starts an <see cref="Activity"/> for every inbound request, traced
/// or not, which sets <see cref="Activity.Current"/> and so makes every await of the call copy its execution context. This
/// strategy starts one only for a request that carries a <c>traceparent</c>, that is, when the caller's side records a trace.
/// Thread-safe and stateless.
/// </remarks>
internal sealed class WttActivityTracing : IActivityTracingStrategy
{
    /// <summary>Gets the one instance.</summary>
    public static WttActivityTracing Instance { get; } = new();

    /// <inheritdoc/>
    public void ApplyOutboundActivity(JsonRpcRequest request)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            request.TraceParent = current.Id;
            request.TraceState = current.TraceStateString;
        }
    }

    /// <inheritdoc/>
    public IDisposable? ApplyInboundActivity(JsonRpcRequest request)
    {
        if (request?.TraceParent is not { } parent)
        {
            return null;
        }

        var prior = Activity.Current;
        var activity = new Activity(request.Method ?? "request");
        activity.SetParentId(parent);
        activity.TraceStateString = request.TraceState;
        activity.Start();
        return new Scope(activity, prior);
    }

    private sealed class Scope(Activity activity, Activity? prior) : IDisposable
    {
        public void Dispose()
        {
            activity.Stop();
            if (prior is not null && Activity.Current is null)
            {
                Activity.Current = prior;
            }
        }
    }
}
