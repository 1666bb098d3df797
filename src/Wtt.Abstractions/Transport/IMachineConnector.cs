// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>
/// Resolves machine names and reaches their agents. Static configuration by default; a lab plugs in the
/// discovery it has (DNS, a service of agents) by implementing this interface.
/// </summary>
/// <remarks>Implementations are thread-safe, cache connections and re-establish a lost one on the next call.</remarks>
public interface IMachineConnector
{
    /// <summary>Tells whether <paramref name="machine"/> names this machine.</summary>
    /// <param name="machine">A machine name; <see langword="null"/> or empty is this machine.</param>
    /// <returns><see langword="true"/> for this machine.</returns>
    bool IsLocal(string? machine);

    /// <summary>Gets a client whose calls run on <paramref name="machine"/>'s agent.</summary>
    /// <param name="machine">The machine.</param>
    /// <param name="cancellationToken">Cancels the attempt (the caller's timeout).</param>
    /// <returns>The remote client.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.MachineUnreachable"/>, <see cref="WttErrorCode.AuthenticationFailed"/>, <see cref="WttErrorCode.ProtocolMismatch"/>.</exception>
    ValueTask<IWttClient> GetClientAsync(string machine, CancellationToken cancellationToken = default);
}
