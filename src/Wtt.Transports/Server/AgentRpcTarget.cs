// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using Nerdbank.Streams;
using StreamJsonRpc;
using Wtt.Transports.Protocol;
using Wtt.Transports.Rpc;

namespace Wtt.Transports;

/// <summary>
/// The JSON-RPC methods of one connection: each forwards to the served <see cref="IWttClient"/>, under the
/// connection's call limit, and records its call id in the journal.
/// </summary>
internal sealed partial class AgentRpcTarget : IWttAgentRpc, IAsyncDisposable
{
    private readonly IWttClient served;
    private readonly CallJournal journal;
    private readonly Guid caller;
    private readonly int maxCalls;
    private readonly CancellationToken stopping;
    private readonly CancellationToken connectionEnded;
    private readonly MultiplexingStream? mux;
    private readonly ConcurrentDictionary<WttProcessId, WttProcessHandle> handles = new();
    private int inFlight;

    /// <summary>Initializes the target of one connection.</summary>
    /// <param name="served">The client whose calls run.</param>
    /// <param name="journal">The agent's call journal.</param>
    /// <param name="caller">The caller's instance id.</param>
    /// <param name="maxCalls">The connection's limit of calls at once.</param>
    /// <param name="mux">The connection's multiplexing stream, in whose channels output streams travel; <see langword="null"/> for a plain connection.</param>
    /// <param name="stopping">Cancelled when the agent stops.</param>
    /// <param name="connectionEnded">Cancelled when the connection ends or the agent stops: the token of the calls that take none of their own.</param>
    public AgentRpcTarget(IWttClient served, CallJournal journal, Guid caller, int maxCalls, MultiplexingStream? mux, CancellationToken stopping, CancellationToken connectionEnded)
    {
        this.served = served;
        this.journal = journal;
        this.caller = caller;
        this.maxCalls = maxCalls;
        this.mux = mux;
        this.stopping = stopping;
        this.connectionEnded = connectionEnded;
    }

    /// <summary>
    /// The methods answered from the agent's own state (the tokenless ones, see <see cref="IWttAgentRpc"/>): a request of
    /// theirs that came alone runs on the thread that read it, requests that came together run in order on one pool thread.
    /// </summary>
    private static readonly FrozenSet<MethodInfo> AnsweredAtOnce = new[]
    {
        typeof(IWttAgentRpc).GetMethod(nameof(IWttAgentRpc.OpenAsync), [typeof(Guid), typeof(WttProcessId)])!,
        typeof(IWttAgentRpc).GetMethod(nameof(IWttAgentRpc.InfoAsync), [typeof(Guid), typeof(WttProcessId)])!,
        typeof(IWttAgentRpc).GetMethod(nameof(IWttAgentRpc.CloseAsync), [typeof(Guid), typeof(WttProcessId)])!,
        typeof(IWttAgentRpc).GetMethod(nameof(IWttAgentRpc.CurrentInfoAsync), [typeof(Guid)])!,
    }.ToFrozenSet();

    /// <summary>
    /// Serves this target's methods on a connection that is not listening yet. The ones answered from the agent's own
    /// state run on the thread that read their request when it came alone, and in order on one thread of the pool when
    /// requests came several at once (<see cref="WttJsonRpc.RunInline"/>); the others are queued to the thread pool each on
    /// its own, so a call that waits never holds up the connection or another call.
    /// </summary>
    /// <param name="rpc">The connection.</param>
    public void AddTo(WttJsonRpc rpc)
    {
        rpc.AddLocalRpcTarget<IWttAgentRpc>(this, new JsonRpcTargetOptions { DisposeOnDisconnect = false });
        rpc.RunInline(AnsweredAtOnce);
    }

    /// <summary>Answers a request that was too large to read.</summary>
    public void MessageTooLarge(long size, long limit)
        => throw new WttException(WttErrorCode.MessageTooLarge, $"The request is {size} bytes; the agent accepts at most {limit}. Send less (fewer arguments, smaller environment) or raise MaxMessageBytes on the agent.");

    /// <summary>Releases the handles the connection opened.</summary>
    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        foreach (var id in handles.Keys)
        {
            if (handles.TryRemove(id, out var handle))
            {
                await handle.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private WttProcessHandle Resolve(WireHandle handle)
    {
        if (handle is null)
        {
            throw WttException.InvalidArgument("The request has no process handle; send {\"id\": <uuid>}.");
        }

        return Resolve(handle.Id, handle.Machine);
    }

    /// <summary>Gets the handle for a process: for one of the agent's machine, the one kept for this connection if there is one.</summary>
    private WttProcessHandle Resolve(WttProcessId id, string? machine = null)
        => machine is null && handles.TryGetValue(id, out var kept) ? kept : new WttProcessHandle(id, machine);

    private static WireHandle ToWire(WttProcessHandle handle) => new(handle.Id, handle.Machine);

    /// <summary>Keeps a created handle until the caller closes it or the connection ends, so what the served client holds for it is released.</summary>
    private WireHandle Keep(WttProcessHandle handle)
    {
        if (handle.Machine is null && !handles.TryAdd(handle.Id, handle))
        {
            _ = handle.DisposeAsync().AsTask();
        }

        return new WireHandle(handle.Id, handle.Machine);
    }

    /// <summary>
    /// Runs a call under the connection's call limit (when <paramref name="limited"/>) and between its journal entries; a call cut
    /// short by the agent's stop stays unanswered in the journal.
    /// </summary>
    /// <remarks>The call is a static delegate over a state value, so a call allocates no closure and runs in one state machine.</remarks>
    private async Task<T> RunAsync<TState, T>(Guid callId, TState state, Func<AgentRpcTarget, TState, CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken, bool limited = true)
    {
        if (limited && Interlocked.Increment(ref inFlight) > maxCalls)
        {
            Interlocked.Decrement(ref inFlight);
            throw new WttException(WttErrorCode.TooManyCalls, $"This connection already runs {maxCalls} calls; wait for some to finish, or raise MaxConcurrentCallsPerConnection on the agent.");
        }

        journal.Begin(caller, callId);
        var answered = false;
        try
        {
            var result = await call(this, state, cancellationToken).ConfigureAwait(false);
            answered = true;
            return result;
        }
        catch (Exception) when (!stopping.IsCancellationRequested)
        {
            answered = true;
            throw;
        }
        finally
        {
            if (answered)
            {
                journal.End(caller, callId);
            }

            if (limited)
            {
                Interlocked.Decrement(ref inFlight);
            }
        }
    }
}
