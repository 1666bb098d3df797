// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>A caller the agent turned away before any call ran: what was wrong, as the caller was told.</summary>
/// <param name="Address">The listener the caller reached.</param>
/// <param name="Code">
/// <see cref="WttErrorCode.AuthenticationFailed"/> (wrong or missing secret, refused TLS client certificate, failed TLS handshake),
/// <see cref="WttErrorCode.ProtocolMismatch"/> (another protocol version, plain tcp to a TLS listener),
/// <see cref="WttErrorCode.ProtocolError"/> (not a Wtt handshake), or <see cref="WttErrorCode.Timeout"/> (a handshake that stalled).
/// </param>
/// <param name="Reason">The message the caller got, or what the agent saw when the caller got none.</param>
public sealed record WttConnectionRefusal(Uri Address, WttErrorCode Code, string Reason);
