// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>
/// A medium that connects callers to agents. It only produces connected streams; framing, JSON-RPC,
/// authentication and versioning stay Wtt's. Add one by implementing this interface and registering it.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IWttTransport
{
    /// <summary>Gets the URI scheme this transport serves, such as <c>tcp</c>, <c>pipe</c> or <c>memory</c>.</summary>
    string Scheme { get; }

    /// <summary>Connects to an agent.</summary>
    /// <param name="address">The agent's address, with this transport's scheme.</param>
    /// <param name="cancellationToken">Cancels the attempt (the caller's timeout).</param>
    /// <returns>A connected, full-duplex stream.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.MachineUnreachable"/>, <see cref="WttErrorCode.InvalidArgument"/> (a malformed address).</exception>
    ValueTask<Stream> ConnectAsync(Uri address, CancellationToken cancellationToken = default);

    /// <summary>Starts listening.</summary>
    /// <param name="address">Where to listen, with this transport's scheme.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The listener.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>, <see cref="WttErrorCode.AccessDenied"/>.</exception>
    ValueTask<IWttListener> ListenAsync(Uri address, CancellationToken cancellationToken = default);
}
