// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Handshake;

/// <summary>The caller's side of the handshake.</summary>
internal static class ClientHandshake
{
    /// <summary>Runs the handshake.</summary>
    /// <param name="stream">The raw stream.</param>
    /// <param name="secret">The shared secret; <see langword="null"/> to connect anonymously.</param>
    /// <param name="instance">The caller's instance id.</param>
    /// <param name="machine">The caller's machine name.</param>
    /// <param name="address">The agent's address, for messages.</param>
    /// <param name="protocol">The version to announce (tests announce another one).</param>
    /// <param name="features">The optional features to ask for; the result says which the agent agreed to.</param>
    /// <param name="cancellationToken">The deadline.</param>
    /// <returns>What the agent said about itself.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.AuthenticationFailed"/>, <see cref="WttErrorCode.ProtocolMismatch"/>, <see cref="WttErrorCode.ProtocolError"/>, <see cref="WttErrorCode.Closed"/>.</exception>
    public static async ValueTask<ClientHandshakeResult> RunAsync(Stream stream, string? secret, Guid instance, string machine, Uri address, int protocol, WireFeatures features, CancellationToken cancellationToken)
    {
        await HandshakeLines.WriteAsync(stream, new HandshakeMessage("hello") { Protocol = protocol, Machine = machine, Instance = instance, Features = WireFeatureNames.ToNames(features) }, cancellationToken).ConfigureAwait(false);
        var challenge = Expect(await HandshakeLines.ReadAsync(stream, cancellationToken).ConfigureAwait(false), "challenge", address);
        if (challenge.Protocol != protocol)
        {
            throw new WttException(WttErrorCode.ProtocolMismatch, $"The agent at {address} speaks Wtt protocol {challenge.Protocol} and this caller speaks {protocol}; update the older side.");
        }

        if (challenge.Server is not { } server || challenge.Nonce is null)
        {
            throw new WttException(WttErrorCode.ProtocolError, $"The agent at {address} sent a challenge without a server instance or nonce.");
        }

        string? proof = null;
        if (!string.IsNullOrEmpty(secret))
        {
            proof = Convert.ToBase64String(HandshakeProof.Compute(secret, Convert.FromBase64String(challenge.Nonce), instance, server));
        }

        await HandshakeLines.WriteAsync(stream, new HandshakeMessage("proof") { Proof = proof }, cancellationToken).ConfigureAwait(false);
        var ok = Expect(await HandshakeLines.ReadAsync(stream, cancellationToken).ConfigureAwait(false), "ok", address);
        var agreed = features & WireFeatureNames.Parse(ok.Features);
        return new ClientHandshakeResult(server, challenge.Machine ?? address.Host, ok.UnfinishedCalls ?? [], proof is not null, agreed) { AgentSoftware = ok.Agent };
    }

    private static HandshakeMessage Expect(HandshakeMessage message, string type, Uri address)
    {
        if (message.Type == "error")
        {
            var code = Enum.TryParse<WttErrorCode>(message.Code, out var parsed) ? parsed : WttErrorCode.ProtocolError;
            throw new WttException(code, message.Message ?? $"The agent at {address} refused the connection ({message.Code}).");
        }

        return message.Type == type
            ? message
            : throw new WttException(WttErrorCode.ProtocolError, $"The agent at {address} sent '{message.Type}' where '{type}' was expected.");
    }
}
