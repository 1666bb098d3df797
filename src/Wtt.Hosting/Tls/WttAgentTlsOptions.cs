// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports;

namespace Wtt.Hosting;

/// <summary>
/// The agent's TLS for its <c>tcps://</c> endpoints, bound from <c>Wtt:Agent:Tls</c>: its certificate and which callers'
/// certificates it accepts. With <see cref="ClientCertificateMode"/> <see cref="TlsClientCertificateMode.RequireCertificate"/>
/// a tcps endpoint may serve without a shared secret, even off loopback. In code, register a <see cref="TlsTcpTransport"/>
/// with <see cref="TlsServerOptions"/> instead, and leave these unset.
/// </summary>
public sealed class WttAgentTlsOptions
{
    /// <summary>Gets where the agent's certificate is read from (<c>Wtt:Agent:Tls:Certificate:Path</c>, <c>:KeyPath</c>, <c>:Password</c>).</summary>
    public WttCertificateOptions Certificate { get; } = new();

    /// <summary>Gets or sets whether callers are asked for a client certificate.</summary>
    /// <value><see cref="TlsClientCertificateMode.NoCertificate"/>.</value>
    public TlsClientCertificateMode ClientCertificateMode { get; set; }

    /// <summary>Gets or sets the path of the CA certificate(s) (PEM or DER) whose client certificates are accepted.</summary>
    /// <value><see langword="null"/>.</value>
    public string? ClientCertificateAuthorityPath { get; set; }

    /// <summary>Gets the thumbprints (SHA-1 or SHA-256, hex) of client certificates accepted whoever issued them.</summary>
    /// <value>Empty.</value>
    public IList<string> AllowedClientThumbprints { get; } = [];

    /// <summary>Gets or sets how long a caller has to complete the TLS handshake.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets a value indicating whether a certificate is configured.</summary>
    internal bool HasCertificate => !string.IsNullOrWhiteSpace(Certificate.Path);
}
