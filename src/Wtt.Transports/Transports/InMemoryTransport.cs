// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using Nerdbank.Streams;

namespace Wtt.Transports;

/// <summary>
/// Connects agents and callers of one process: <c>memory://name</c>, over pairs of in-memory streams
/// (<see cref="FullDuplexStream.CreatePipePair"/>). Each instance is a registry of names; share one
/// instance (or <see cref="Shared"/>) between the agents and the callers that should meet.
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class InMemoryTransport : IWttTransport
{
    private readonly ConcurrentDictionary<string, InMemoryListener> listeners = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets a process-wide registry.</summary>
    public static InMemoryTransport Shared { get; } = new();

    /// <inheritdoc/>
    public string Scheme => "memory";

    /// <inheritdoc/>
    public ValueTask<Stream> ConnectAsync(Uri address, CancellationToken cancellationToken = default)
    {
        var name = TransportAddress.Name(address, Scheme);
        cancellationToken.ThrowIfCancellationRequested();
        if (!listeners.TryGetValue(name, out var listener))
        {
            throw TransportAddress.Unreachable(address, "no agent listens on that name in this process");
        }

        var (callerPipe, agentPipe) = FullDuplexStream.CreatePipePair();
        var caller = callerPipe.AsStream();
        if (!listener.Offer(agentPipe.AsStream()))
        {
            throw TransportAddress.Unreachable(address, "the agent stopped listening");
        }

        return ValueTask.FromResult(caller);
    }

    /// <inheritdoc/>
    public ValueTask<IWttListener> ListenAsync(Uri address, CancellationToken cancellationToken = default)
    {
        var name = TransportAddress.Name(address, Scheme);
        InMemoryListener? listener = null;
        listener = new InMemoryListener(address, () => listeners.TryRemove(new KeyValuePair<string, InMemoryListener>(name, listener!)));
        var added = listeners.GetOrAdd(name, listener);
        if (!ReferenceEquals(added, listener))
        {
            throw WttException.InvalidArgument($"Another agent already listens on {address}; pick another name.");
        }

        return ValueTask.FromResult<IWttListener>(listener);
    }
}
