// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Hosting;

/// <summary>
/// The caller's TLS towards <c>tcps://</c> machines, bound from <c>Wtt:Tls</c>: which agent certificates it trusts
/// (by default the system's validation) and the client certificate it presents. There is no "accept anything" setting.
/// In code, register a <see cref="Transports.TlsTcpTransport"/> with <see cref="Transports.TlsClientOptions"/> before
/// <c>AddWttClient</c> instead.
/// </summary>
public sealed class WttClientTlsOptions
{
    /// <summary>Gets or sets the name agent certificates must carry.</summary>
    /// <value><see langword="null"/>: the host of each machine's address.</value>
    public string? TargetHost { get; set; }

    /// <summary>Gets or sets the path of the CA certificate(s) (PEM or DER) trusted to issue agent certificates, instead of the machine's store (a lab's own CA).</summary>
    /// <value><see langword="null"/>: the machine's trusted authorities.</value>
    public string? TrustedAuthorityPath { get; set; }

    /// <summary>Gets the thumbprints (SHA-1 or SHA-256, hex) of agent certificates trusted as they are (pinned self-signed certificates).</summary>
    /// <value>Empty.</value>
    public IList<string> AllowedServerThumbprints { get; } = [];

    /// <summary>Gets where the client certificate is read from (<c>Wtt:Tls:ClientCertificate:Path</c>, <c>:KeyPath</c>, <c>:Password</c>).</summary>
    public WttCertificateOptions ClientCertificate { get; } = new();

    /// <summary>Gets or sets how long the TLS handshake may take (<see cref="WttClientOptions.ConnectTimeout"/> also bounds it).</summary>
    /// <value>10 seconds.</value>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
