// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Handshake;

/// <summary>What the caller learned in the handshake.</summary>
/// <param name="ServerInstance">The agent's instance id, new per agent start.</param>
/// <param name="ServerMachine">The agent's machine name.</param>
/// <param name="UnfinishedCalls">This caller's calls the agent's previous instance did not finish.</param>
/// <param name="Authenticated">Whether the caller proved the shared secret.</param>
/// <param name="Features">The optional features both sides agreed on, which shape the connection after the handshake.</param>
internal sealed record ClientHandshakeResult(Guid ServerInstance, string ServerMachine, IReadOnlyList<Guid> UnfinishedCalls, bool Authenticated, WireFeatures Features)
{
    /// <summary>Gets a value indicating whether both sides agreed to run a <c>MultiplexingStream</c> over the connection.</summary>
    public bool Multiplexed => Features.HasFlag(WireFeatures.Multiplex);

    /// <summary>Gets the agent's software as it told it (<c>Wtt/&lt;version&gt;</c>); <see langword="null"/> from an agent that does not tell.</summary>
    public string? AgentSoftware { get; init; }
}
