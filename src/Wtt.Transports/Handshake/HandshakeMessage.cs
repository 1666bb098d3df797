// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Handshake;

/// <summary>One line of the handshake; which fields are set depends on <see cref="Type"/>.</summary>
/// <param name="Type"><c>hello</c>, <c>challenge</c>, <c>proof</c>, <c>ok</c> or <c>error</c>.</param>
internal sealed record HandshakeMessage(string Type)
{
    /// <summary>Gets the sender's protocol version (hello, challenge).</summary>
    public int? Protocol { get; init; }

    /// <summary>Gets the sender's machine name (hello, challenge).</summary>
    public string? Machine { get; init; }

    /// <summary>Gets the caller's instance id (hello).</summary>
    public Guid? Instance { get; init; }

    /// <summary>Gets the agent's instance id, new per agent start (challenge).</summary>
    public Guid? Server { get; init; }

    /// <summary>Gets the agent's random nonce, base64 (challenge).</summary>
    public string? Nonce { get; init; }

    /// <summary>Gets <c>hmac-sha256</c>, or <c>none</c> when the agent accepts anonymous callers (challenge).</summary>
    public string? Auth { get; init; }

    /// <summary>
    /// Gets optional features beyond protocol 1's calls, such as <c>multiplex</c>: those the caller asks for (hello), those the
    /// agent offers (challenge), and those both agreed on (ok); older peers send none.
    /// </summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Gets the caller's proof, base64 HMAC-SHA256; <see langword="null"/> for an anonymous caller (proof).</summary>
    public string? Proof { get; init; }

    /// <summary>Gets the call ids of this caller that the agent's previous instance did not finish (ok).</summary>
    public IReadOnlyList<Guid>? UnfinishedCalls { get; init; }

    /// <summary>Gets the agent's software, <c>Wtt/&lt;version&gt;</c>, told only to a caller it admitted (ok).</summary>
    public string? Agent { get; init; }

    /// <summary>Gets the error's code name (error).</summary>
    public string? Code { get; init; }

    /// <summary>Gets the error's message (error).</summary>
    public string? Message { get; init; }
}
