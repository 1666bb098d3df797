// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography;

namespace Wtt.Transports.Handshake;

/// <summary>The agent's side of the handshake: version check, challenge, proof check, answer.</summary>
internal static class ServerHandshake
{
    /// <summary>Runs the handshake; on failure sends an error line and throws.</summary>
    /// <param name="stream">The raw stream.</param>
    /// <param name="security">Who may connect.</param>
    /// <param name="serverInstance">The agent's instance id.</param>
    /// <param name="serverMachine">The agent's machine name.</param>
    /// <param name="unfinished">Gives the calls of a caller instance that the previous agent instance did not finish.</param>
    /// <param name="certified">Whether the transport already authenticated the caller (a TLS client certificate it accepted), so no proof is needed.</param>
    /// <param name="cancellationToken">The handshake's deadline.</param>
    /// <returns>The caller's instance id and machine, and the optional features both sides agreed on (those the caller asked for).</returns>
    public static async ValueTask<(Guid Instance, string? Machine, WireFeatures Features)> RunAsync(
        Stream stream,
        WttAgentSecurityOptions security,
        Guid serverInstance,
        string serverMachine,
        Func<Guid, IReadOnlyList<Guid>> unfinished,
        bool certified,
        CancellationToken cancellationToken)
    {
        var hello = await ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        if (hello.Type != "hello" || hello.Instance is not { } instance || instance == Guid.Empty)
        {
            throw await RefuseAsync(stream, WttErrorCode.ProtocolError, "The first handshake line must be {\"type\":\"hello\",\"protocol\":1,\"machine\":...,\"instance\":<uuid>}.", cancellationToken).ConfigureAwait(false);
        }

        if (hello.Protocol != WttProtocol.Version)
        {
            throw await RefuseAsync(stream, WttErrorCode.ProtocolMismatch, $"The caller speaks Wtt protocol {hello.Protocol?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} and this agent speaks {WttProtocol.Version}; update the older side.", cancellationToken).ConfigureAwait(false);
        }

        var nonce = RandomNumberGenerator.GetBytes(32);
        var secret = security.SharedSecret;
        await HandshakeLines.WriteAsync(stream, new HandshakeMessage("challenge")
        {
            Protocol = WttProtocol.Version,
            Machine = serverMachine,
            Server = serverInstance,
            Nonce = Convert.ToBase64String(nonce),
            Auth = string.IsNullOrEmpty(secret) ? "none" : "hmac-sha256",
            Features = WireFeatureNames.ToNames(WireFeatures.All),
        }, cancellationToken).ConfigureAwait(false);

        var proof = await ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        if (proof.Type != "proof")
        {
            throw await RefuseAsync(stream, WttErrorCode.ProtocolError, "The third handshake line must be {\"type\":\"proof\",\"proof\":<base64 or null>}.", cancellationToken).ConfigureAwait(false);
        }

        if (!Accepts(security, certified, proof.Proof, nonce, instance, serverInstance))
        {
            throw await RefuseAsync(stream, WttErrorCode.AuthenticationFailed, $"The agent on {serverMachine} refused the caller: {(proof.Proof is null ? "it sent no proof and the agent does not allow anonymous callers" : "the proof does not match the agent's shared secret")}. Configure the same shared secret on both sides.", cancellationToken).ConfigureAwait(false);
        }

        var agreed = WireFeatureNames.Parse(hello.Features) & WireFeatures.All;
        await HandshakeLines.WriteAsync(stream, new HandshakeMessage("ok") { UnfinishedCalls = unfinished(instance), Features = WireFeatureNames.ToNames(agreed), Agent = AgentSoftware.Name }, cancellationToken).ConfigureAwait(false);
        return (instance, hello.Machine, agreed);
    }

    /// <summary>Turns a caller away before the handshake: reads its hello line (so closing resets nothing it has not read), then answers with an error line.</summary>
    /// <param name="stream">The stream, plain or TLS.</param>
    /// <param name="code">The error code the caller throws.</param>
    /// <param name="message">What the caller should fix.</param>
    /// <param name="cancellationToken">The deadline.</param>
    /// <returns>A task that completes when the answer is sent.</returns>
    public static async ValueTask TurnAwayAsync(Stream stream, WttErrorCode code, string message, CancellationToken cancellationToken)
    {
        try
        {
            await HandshakeLines.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (WttException ex) when (ex.ErrorCode == WttErrorCode.ProtocolError)
        {
            // Not a hello: the answer is the same.
        }

        _ = await RefuseAsync(stream, code, message, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<HandshakeMessage> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            return await HandshakeLines.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (WttException ex) when (ex.ErrorCode is WttErrorCode.ProtocolError or WttErrorCode.ProtocolMismatch)
        {
            throw await RefuseAsync(stream, ex.ErrorCode, ex.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Decides whether a caller is in: a set secret must be proven (a certificate does not replace it); without one, a caller the transport certified is in, others only when anonymous callers are allowed.</summary>
    private static bool Accepts(WttAgentSecurityOptions security, bool certified, string? proofText, byte[] nonce, Guid instance, Guid serverInstance)
    {
        if (proofText is null || string.IsNullOrEmpty(security.SharedSecret))
        {
            return security.AllowAnonymous || (certified && string.IsNullOrEmpty(security.SharedSecret));
        }

        var proof = new byte[64];
        return Convert.TryFromBase64String(proofText, proof, out var length)
            && HandshakeProof.Verify(security.SharedSecret, nonce, instance, serverInstance, proof.AsSpan(0, length));
    }

    private static async ValueTask<WttException> RefuseAsync(Stream stream, WttErrorCode code, string message, CancellationToken cancellationToken)
    {
        try
        {
            await HandshakeLines.WriteAsync(stream, new HandshakeMessage("error") { Code = code.ToString(), Message = message }, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The caller is gone; the refusal stands.
        }

        return new WttException(code, message);
    }
}
