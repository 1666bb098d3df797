// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports;

namespace Wtt.Hosting;

/// <summary>One running listener of the hosted agent.</summary>
/// <param name="endpoint">The endpoint as configured.</param>
/// <param name="server">The agent server listening on it.</param>
internal sealed class WttAgentListener(string endpoint, WttAgentServer server)
{
    /// <summary>Gets the endpoint as configured.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>Gets the agent server.</summary>
    public WttAgentServer Server { get; } = server;

    /// <summary>Gets the address callers connect to.</summary>
    public Uri Address => Server.Address;

    /// <summary>Gets or sets a value indicating whether the host is stopping it on purpose.</summary>
    public bool Stopping { get; set; }

    /// <summary>Gets a value indicating whether the listener ended while it should have been running.</summary>
    public bool Died => Server.Completion.IsCompleted && !Stopping;
}
