// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Wtt.Transports;

/// <summary>The caller's side of TLS on <c>tcps://</c>: which agent certificates it trusts, and its own certificate.</summary>
/// <remarks>
/// An agent's certificate is accepted when <see cref="ServerCertificateValidation"/> says so, or else when it passes the
/// system's validation (chain and name) — against <see cref="TrustedAuthorities"/> only, when there are some — or its
/// thumbprint is in <see cref="AllowedServerThumbprints"/> (a pinned certificate is its own identity: chain and name are
/// not checked). There is no "accept anything" setting. Set the options before the first connection.
/// </remarks>
public sealed class TlsClientOptions
{
    /// <summary>Gets or sets the name the agent's certificate must carry.</summary>
    /// <value><see langword="null"/>: the host of the address (a name or an IP address).</value>
    public string? TargetHost { get; set; }

    /// <summary>Gets the authorities (a lab's own CA) trusted to issue agent certificates, instead of the machine's store.</summary>
    /// <value>Empty: the machine's trusted authorities.</value>
    public IList<X509Certificate2> TrustedAuthorities { get; } = [];

    /// <summary>Gets the thumbprints (SHA-1, 40 hex digits, or SHA-256, 64) of agent certificates trusted as they are (pinned).</summary>
    /// <value>Empty.</value>
    public IList<string> AllowedServerThumbprints { get; } = [];

    /// <summary>Gets or sets a callback that alone decides whether an agent's certificate is trusted.</summary>
    /// <value><see langword="null"/>.</value>
    public Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool>? ServerCertificateValidation { get; set; }

    /// <summary>Gets or sets the certificate, with its private key, presented to agents that ask for one.</summary>
    /// <value><see langword="null"/>.</value>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Gets or sets the TLS versions offered; only TLS 1.2 and 1.3 may be set.</summary>
    /// <value><see cref="SslProtocols.Tls12"/> | <see cref="SslProtocols.Tls13"/>.</value>
    public SslProtocols EnabledProtocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Gets or sets how revocation of agent certificates is checked.</summary>
    /// <value><see cref="X509RevocationMode.NoCheck"/>, as <see cref="SslStream"/> does by default.</value>
    public X509RevocationMode RevocationMode { get; set; } = X509RevocationMode.NoCheck;

    /// <summary>Gets or sets how long the TLS handshake may take (the caller's own timeout also bounds it).</summary>
    /// <value>10 seconds.</value>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the options.</summary>
    /// <param name="now">The time the client certificate must be valid at.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>, naming the option to fix.</exception>
    public void Validate(DateTimeOffset now)
    {
        if (ClientCertificate is not null)
        {
            TlsRules.ThrowIfUnusable(ClientCertificate, now, "TlsClientOptions.ClientCertificate");
        }

        TlsRules.ThrowIfBadProtocols(EnabledProtocols, "TlsClientOptions.EnabledProtocols");
        TlsRules.ThrowIfBadTimeout(HandshakeTimeout, "TlsClientOptions.HandshakeTimeout");
        TlsRules.ThrowIfBadThumbprints(AllowedServerThumbprints, "TlsClientOptions.AllowedServerThumbprints");
    }
}
