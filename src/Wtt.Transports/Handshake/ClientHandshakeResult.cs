// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Handshake;

/// <summary>What the caller learned in the handshake.</summary>
/// <param name="ServerInstance">The agent's instance id, new per agent start.</param>
/// <param name="ServerMachine">The agent's machine name.</param>
/// <param name="UnfinishedCalls">This caller's calls the agent's previous instance did not finish.</param>
/// <param name="Authenticated">Whether the caller proved the shared secret.</param>
/// <param name="Multiplexed">Whether both sides agreed to run a <c>MultiplexingStream</c> over the connection after the handshake.</param>
internal sealed record ClientHandshakeResult(Guid ServerInstance, string ServerMachine, IReadOnlyList<Guid> UnfinishedCalls, bool Authenticated, bool Multiplexed);
