// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>How a <see cref="WttAgentServer"/> serves callers.</summary>
public sealed class WttAgentServerOptions
{
    /// <summary>Gets or sets who may call. Closed by default: set a shared secret, or allow anonymous callers (tcp: loopback only).</summary>
    public WttAgentSecurityOptions Security { get; set; } = new();

    /// <summary>Gets or sets the largest message accepted or sent, in bytes; larger ones fail with <see cref="WttErrorCode.MessageTooLarge"/>.</summary>
    /// <value>8 MiB.</value>
    public int MaxMessageBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Gets or sets how many calls may run at once on one connection; more fail with <see cref="WttErrorCode.TooManyCalls"/>.</summary>
    /// <value>256.</value>
    public int MaxConcurrentCallsPerConnection { get; set; } = 256;

    /// <summary>Gets or sets how many recent call ids are kept per caller instance.</summary>
    /// <value>64.</value>
    public int JournalSize { get; set; } = 64;

    /// <summary>Gets or sets a folder for the call journal, so a restarted agent can tell callers which of their calls it did not finish; <see langword="null"/> keeps it in memory only.</summary>
    public string? JournalFolder { get; set; }

    /// <summary>Gets or sets how long a caller has to complete the handshake.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the machine name the agent reports; <see langword="null"/> for the served client's <see cref="IWttClient.MachineName"/>.</summary>
    public string? MachineName { get; set; }

    /// <summary>Gets or sets the clock.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets what the agent calls each time it turns a caller away before any call runs (a wrong secret, another protocol
    /// version, a refused TLS client certificate, a stalled handshake), so a host can log and count refusals.
    /// </summary>
    /// <value><see langword="null"/>: refusals are only told to the caller.</value>
    /// <remarks>Called on the connection's thread; it must not block. An exception it throws is ignored.</remarks>
    public Action<WttConnectionRefusal>? ConnectionRefused { get; set; }

    /// <summary>Checks the options against the address to listen on.</summary>
    /// <param name="address">The listen address.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>, naming the option to fix.</exception>
    public void Validate(Uri address) => Validate(address, null);

    /// <summary>Checks the options against the address to listen on and the transport that will listen.</summary>
    /// <param name="address">The listen address.</param>
    /// <param name="transport">The transport; a <see cref="TlsTcpTransport"/> that requires client certificates authenticates callers itself, so no secret is needed.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>, naming the option to fix.</exception>
    public void Validate(Uri address, IWttTransport? transport)
    {
        ArgumentNullException.ThrowIfNull(address);
        var certified = transport is TlsTcpTransport { RequiresClientCertificates: true };
        if (Security is null || (string.IsNullOrEmpty(Security.SharedSecret) && !Security.AllowAnonymous && !certified))
        {
            throw WttException.InvalidArgument($"The agent on {address} would accept nobody: set WttAgentServerOptions.Security.SharedSecret, require TLS client certificates (TlsServerOptions.ClientCertificateMode), or AllowAnonymous for a loopback or pipe listener.");
        }

        if (Security.AllowAnonymous && !certified && address.Scheme is "tcp" or "tcps" && !TcpTransport.IsLoopback(address))
        {
            throw WttException.InvalidArgument($"Anonymous callers are allowed only on a loopback tcp address, not {address}; set Security.SharedSecret, require TLS client certificates, or listen on 127.0.0.1.");
        }

        if (MaxMessageBytes < 1024 || MaxConcurrentCallsPerConnection < 1 || JournalSize < 1 || HandshakeTimeout <= TimeSpan.Zero)
        {
            throw WttException.InvalidArgument("WttAgentServerOptions needs MaxMessageBytes >= 1024, MaxConcurrentCallsPerConnection >= 1, JournalSize >= 1 and a positive HandshakeTimeout.");
        }
    }
}
