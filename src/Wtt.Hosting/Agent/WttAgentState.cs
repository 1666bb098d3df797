// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Immutable;

namespace Wtt.Hosting;

/// <summary>What the hosted agent is doing, shared with the health check.</summary>
internal sealed class WttAgentState
{
    private ImmutableArray<WttAgentListener> listeners = [];

    /// <summary>Gets the running listeners.</summary>
    public ImmutableArray<WttAgentListener> Listeners => listeners;

    /// <summary>Gets or sets a value indicating whether the agent has started.</summary>
    public bool Started { get; set; }

    /// <summary>Gets or sets the host's own process id, when it registered itself.</summary>
    public WttProcessId HostProcessId { get; set; }

    /// <summary>Adds a listener.</summary>
    public void Add(WttAgentListener listener) => ImmutableInterlocked.Update(ref listeners, l => l.Add(listener));

    /// <summary>Removes every listener.</summary>
    /// <returns>The ones removed.</returns>
    public ImmutableArray<WttAgentListener> Clear() => ImmutableInterlocked.InterlockedExchange(ref listeners, []);
}
