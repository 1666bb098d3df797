// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>Who may call an agent. Remote listeners are closed by default.</summary>
/// <remarks>
/// A caller proves the shared secret with HMAC-SHA256 over the agent's nonce; the secret never travels.
/// Without a secret, <see cref="AllowAnonymous"/> must be set, and a tcp listener must then be bound to loopback.
/// </remarks>
public sealed class WttAgentSecurityOptions
{
    /// <summary>Gets or sets the secret callers must prove; <see langword="null"/> for none.</summary>
    /// <value><see langword="null"/>.</value>
    public string? SharedSecret { get; set; }

    /// <summary>Gets or sets a value indicating whether callers without a proof are served (tcp: on loopback only).</summary>
    /// <value><see langword="false"/>.</value>
    public bool AllowAnonymous { get; set; }
}
