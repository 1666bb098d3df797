// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Wtt.Transports;

/// <summary>
/// The agent's side of TLS on <c>tcps://</c>: its certificate and which client certificates it accepts. Shaped after
/// Kestrel's <c>HttpsConnectionAdapterOptions</c>.
/// </summary>
/// <remarks>
/// A client certificate is accepted when <see cref="ClientCertificateValidation"/> says so, or else when its thumbprint
/// is in <see cref="AllowedClientThumbprints"/> or it chains to one of <see cref="ClientCertificateAuthorities"/> (and only
/// those: the machine's public authorities never admit a caller). Set the options before the transport listens: the
/// certificate is taken when listening starts, the client-certificate policy is read on each connection.
/// </remarks>
public sealed class TlsServerOptions
{
    /// <summary>Gets or sets the agent's certificate, with its private key.</summary>
    /// <value><see langword="null"/>; listening needs one.</value>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Gets or sets whether callers are asked for a client certificate.</summary>
    /// <value><see cref="TlsClientCertificateMode.NoCertificate"/>.</value>
    public TlsClientCertificateMode ClientCertificateMode { get; set; }

    /// <summary>Gets the authorities (a lab's own CA) whose client certificates are accepted.</summary>
    /// <value>Empty.</value>
    public IList<X509Certificate2> ClientCertificateAuthorities { get; } = [];

    /// <summary>Gets the thumbprints (SHA-1, 40 hex digits, or SHA-256, 64) of client certificates accepted whoever issued them.</summary>
    /// <value>Empty.</value>
    public IList<string> AllowedClientThumbprints { get; } = [];

    /// <summary>Gets or sets a callback that alone decides whether a client certificate is accepted; it gets the errors of a chain built against <see cref="ClientCertificateAuthorities"/> when there are some, else against the machine's store.</summary>
    /// <value><see langword="null"/>.</value>
    public Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool>? ClientCertificateValidation { get; set; }

    /// <summary>Gets or sets the TLS versions offered; only TLS 1.2 and 1.3 may be set.</summary>
    /// <value><see cref="SslProtocols.Tls12"/> | <see cref="SslProtocols.Tls13"/>.</value>
    public SslProtocols EnabledProtocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Gets or sets how revocation of client certificates is checked.</summary>
    /// <value><see cref="X509RevocationMode.NoCheck"/>, as <see cref="SslStream"/> does by default (a lab CA rarely publishes a CRL).</value>
    public X509RevocationMode RevocationMode { get; set; } = X509RevocationMode.NoCheck;

    /// <summary>Gets or sets how long a caller has to complete the TLS handshake; a caller that does not is dropped.</summary>
    /// <value>10 seconds, as Kestrel.</value>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the options.</summary>
    /// <param name="now">The time certificates must be valid at.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>, naming the option to fix.</exception>
    public void Validate(DateTimeOffset now)
    {
        if (Certificate is null)
        {
            throw WttException.InvalidArgument("TlsServerOptions.Certificate is not set; a tcps:// agent needs a certificate with its private key (in configuration: Wtt:Agent:Tls:Certificate:Path).");
        }

        TlsRules.ThrowIfUnusable(Certificate, now, "TlsServerOptions.Certificate");
        TlsRules.ThrowIfBadProtocols(EnabledProtocols, "TlsServerOptions.EnabledProtocols");
        TlsRules.ThrowIfBadTimeout(HandshakeTimeout, "TlsServerOptions.HandshakeTimeout");
        TlsRules.ThrowIfBadThumbprints(AllowedClientThumbprints, "TlsServerOptions.AllowedClientThumbprints");
        if (ClientCertificateMode != TlsClientCertificateMode.NoCertificate && ClientCertificateValidation is null && ClientCertificateAuthorities.Count == 0 && AllowedClientThumbprints.Count == 0)
        {
            throw WttException.InvalidArgument($"TlsServerOptions.ClientCertificateMode is {ClientCertificateMode} but nothing says which client certificates to accept; add the lab's CA to ClientCertificateAuthorities, thumbprints to AllowedClientThumbprints, or set ClientCertificateValidation.");
        }
    }
}
