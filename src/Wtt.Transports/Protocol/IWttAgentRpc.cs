// Copyright (c) Wtt developers. Licensed under the MIT license.

using StreamJsonRpc;

namespace Wtt.Transports.Protocol;

/// <summary>
/// The JSON-RPC contract an agent serves: one method per <see cref="IWttClient"/> call, each with named
/// parameters and a caller-generated <c>callId</c>. Only these methods are reachable on a connection.
/// </summary>
/// <remarks>
/// <para>docs/protocol.md describes each method's parameters and result as JSON. The methods return <see cref="Task{TResult}"/>,
/// not <see cref="ValueTask{TResult}"/>: StreamJsonRpc turns a returned <see cref="ValueTask{TResult}"/> into a task by
/// reflection on every call.</para>
/// <para>For every call of a method that takes a <see cref="CancellationToken"/>, StreamJsonRpc makes a cancellation source,
/// links it to the connection and files it under the request's id until the answer: 3 to 4 % of the time of a call answered
/// at once (tests/Wtt.Benchmarks/Lifecycle/README.md, "Issue 13, seventh pass"). The calls answered from the agent's own
/// state (<c>open</c> without a machine, <c>info</c> with an id, <c>close</c>, <c>currentInfo</c>) take none: they run under the connection's own
/// token, which its end or the agent's stop cancels, and a <c>$/cancelRequest</c> for one finds it answered or answers
/// nothing. A request of theirs that came alone also runs on the thread that read it, and requests of theirs that came
/// together run in order on one thread of the pool (<see cref="AgentRpcTarget.AddTo"/>). Every call that may wait or reach
/// another machine takes one.</para>
/// </remarks>
internal interface IWttAgentRpc
{
    /// <summary>Creates a process (<see cref="IWttClient.CreateProcessAsync"/>).</summary>
    [JsonRpcMethod(WttProtocol.Create)]
    Task<WireHandle> CreateAsync(Guid callId, ProcessStartSpec spec, CancellationToken cancellationToken);

    /// <summary>Opens a handle on a process of the agent's machine (<see cref="IWttClient.OpenProcessAsync"/> without a machine, as the .NET client sends it).</summary>
    /// <remarks>
    /// Answered from the agent's own state, so it takes no token (see the remarks on the interface). Listed before the
    /// overload with a machine, which a call of two arguments cannot bind to, so StreamJsonRpc tries it first.
    /// </remarks>
    [JsonRpcMethod(WttProtocol.Open)]
    Task<WireHandle> OpenAsync(Guid callId, WttProcessId id);

    /// <summary>Opens a handle on a process of a named machine, possibly another one (<see cref="IWttClient.OpenProcessAsync"/>).</summary>
    [JsonRpcMethod(WttProtocol.Open)]
    Task<WireHandle> OpenAsync(Guid callId, WttProcessId id, string? machine, CancellationToken cancellationToken = default);

    /// <summary>Releases a handle the agent keeps for this connection (no token: see the remarks on the interface).</summary>
    [JsonRpcMethod(WttProtocol.Close)]
    Task<bool> CloseAsync(Guid callId, WttProcessId id);

    /// <summary>Sends an event (<see cref="IWttClient.SignalAsync"/>).</summary>
    [JsonRpcMethod(WttProtocol.Signal)]
    Task<SignalResult> SignalAsync(Guid callId, WireSet processes, WireSignal signal, CancellationToken cancellationToken = default);

    /// <summary>Stops a set (<see cref="IWttClient.TerminateAsync"/>).</summary>
    [JsonRpcMethod(WttProtocol.Terminate)]
    Task<SignalResult> TerminateAsync(Guid callId, WireSet processes, TerminateOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Waits for a set (<see cref="IWttClient.WaitAsync"/>).</summary>
    [JsonRpcMethod(WttProtocol.Wait)]
    Task<WaitResult> WaitAsync(Guid callId, WireSet processes, WaitOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the info of a process of the agent's machine (<see cref="IWttClient.GetProcessInfoAsync"/> of a handle without a machine, as the .NET client sends it).</summary>
    /// <remarks>
    /// Answered from the agent's own state, so it takes no token (see the remarks on the interface). Listed first, so
    /// StreamJsonRpc tries it first for a call of two arguments, as <c>open</c>'s form without a machine.
    /// </remarks>
    [JsonRpcMethod(WttProtocol.Info)]
    Task<ProcessInfo> InfoAsync(Guid callId, WttProcessId id);

    /// <summary>Reads the info of a process of a named machine, possibly another one (<see cref="IWttClient.GetProcessInfoAsync"/>).</summary>
    [JsonRpcMethod(WttProtocol.Info)]
    Task<ProcessInfo> InfoAsync(Guid callId, WttProcessId id, string? machine, CancellationToken cancellationToken = default);

    /// <summary>Reads one process's info, named by a handle (<see cref="IWttClient.GetProcessInfoAsync"/>): the form of named arguments with a <c>process</c>.</summary>
    /// <remarks>
    /// Sent by position, a handle binds here only after StreamJsonRpc failed to read it as the first form's id, an exception
    /// that costs the call more than the rest of it; callers that send arguments by position send the id forms.
    /// </remarks>
    [JsonRpcMethod(WttProtocol.Info)]
    Task<ProcessInfo> InfoAsync(Guid callId, WireHandle process, CancellationToken cancellationToken = default);

    /// <summary>Reads the agent's own info (<see cref="IWttClient.GetCurrentProcessInfoAsync"/>; no token: see the remarks on the interface).</summary>
    [JsonRpcMethod(WttProtocol.CurrentInfo)]
    Task<ProcessInfo?> CurrentInfoAsync(Guid callId);

    /// <summary>Lists a table (<see cref="IWttClient.GetProcessListAsync"/>).</summary>
    [JsonRpcMethod(WttProtocol.List)]
    Task<IReadOnlyList<ProcessInfo>> ListAsync(Guid callId, WireListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Streams a registered log (<see cref="IWttClient.TailLogAsync"/>).</summary>
    [JsonRpcMethod(WttProtocol.Tail)]
    IAsyncEnumerable<OutputChunk> Tail(Guid callId, WireHandle process, TailOptions? options = null);

    /// <summary>Streams captured console output (<see cref="IWttClient.ReadOutputAsync"/>).</summary>
    [JsonRpcMethod(WttProtocol.Output)]
    IAsyncEnumerable<OutputChunk> Output(Guid callId, WireHandle process, OutputReadOptions? options = null);

    /// <summary>Streams a registered log into the multiplexed channel <paramref name="channel"/> the caller created; answered when the stream ends.</summary>
    [JsonRpcMethod(WttProtocol.TailChannel)]
    Task<bool> TailChannelAsync(Guid callId, WireHandle process, TailOptions? options, ulong channel, CancellationToken cancellationToken);

    /// <summary>Streams captured console output into the multiplexed channel <paramref name="channel"/> the caller created; answered when the stream ends.</summary>
    [JsonRpcMethod(WttProtocol.OutputChannel)]
    Task<bool> OutputChannelAsync(Guid callId, WireHandle process, OutputReadOptions? options, ulong channel, CancellationToken cancellationToken);

    /// <summary>Answers a request that was too large to read (the framing synthesizes this call).</summary>
    [JsonRpcMethod(WttProtocol.MessageTooLarge)]
    void MessageTooLarge(long size, long limit);
}
