// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports;

namespace Wtt.Hosting;

/// <summary>Turns the TLS configuration into the transport's options, reading certificate files; each failure names the option and the fix.</summary>
/// <remarks>The validators and the code that builds the transports both go through here, so what was validated is what runs.</remarks>
internal static partial class TlsSettings
{
    /// <summary>Builds the agent's side from <c>Wtt:Agent:Tls</c>.</summary>
    /// <returns>The options, or <see langword="null"/> with <paramref name="failures"/> added.</returns>
    public static TlsServerOptions? Server(WttAgentTlsOptions tls, DateTimeOffset now, List<string> failures)
    {
        const string Section = "Wtt:Agent:Tls";
        var count = failures.Count;
        var server = new TlsServerOptions { ClientCertificateMode = tls.ClientCertificateMode };
        if (!tls.HasCertificate)
        {
            failures.Add($"{Section}:Certificate:Path is not set, and a tcps:// endpoint needs the agent's certificate; give a .pfx (with {Section}:Certificate:Password) or a PEM certificate (with {Section}:Certificate:KeyPath).");
        }
        else
        {
            server.Certificate = Identity($"{Section}:Certificate", tls.Certificate, now, failures);
        }

        Authorities($"{Section}:ClientCertificateAuthorityPath", tls.ClientCertificateAuthorityPath, server.ClientCertificateAuthorities, failures);
        Thumbprints($"{Section}:AllowedClientThumbprints", tls.AllowedClientThumbprints, server.AllowedClientThumbprints, failures);
        Timeout($"{Section}:HandshakeTimeout", tls.HandshakeTimeout, failures);
        server.HandshakeTimeout = tls.HandshakeTimeout;
        if (tls.ClientCertificateMode != TlsClientCertificateMode.NoCertificate && tls.ClientCertificateAuthorityPath is null && tls.AllowedClientThumbprints.Count == 0)
        {
            failures.Add($"{Section}:ClientCertificateMode is {tls.ClientCertificateMode}, but nothing says which client certificates to accept; give {Section}:ClientCertificateAuthorityPath (the lab's CA) or {Section}:AllowedClientThumbprints.");
        }

        return failures.Count == count ? server : null;
    }

    /// <summary>Builds the caller's side from <c>Wtt:Tls</c>.</summary>
    /// <returns>The options, or <see langword="null"/> with <paramref name="failures"/> added.</returns>
    public static TlsClientOptions? Client(WttClientTlsOptions tls, DateTimeOffset now, List<string> failures)
    {
        const string Section = "Wtt:Tls";
        var count = failures.Count;
        var client = new TlsClientOptions { TargetHost = string.IsNullOrWhiteSpace(tls.TargetHost) ? null : tls.TargetHost, HandshakeTimeout = tls.HandshakeTimeout };
        if (!string.IsNullOrWhiteSpace(tls.ClientCertificate.Path))
        {
            client.ClientCertificate = Identity($"{Section}:ClientCertificate", tls.ClientCertificate, now, failures);
        }

        Authorities($"{Section}:TrustedAuthorityPath", tls.TrustedAuthorityPath, client.TrustedAuthorities, failures);
        Thumbprints($"{Section}:AllowedServerThumbprints", tls.AllowedServerThumbprints, client.AllowedServerThumbprints, failures);
        Timeout($"{Section}:HandshakeTimeout", tls.HandshakeTimeout, failures);
        return failures.Count == count ? client : null;
    }

    private static void Thumbprints(string option, IList<string> thumbprints, IList<string> into, List<string> failures)
    {
        foreach (var thumbprint in thumbprints)
        {
            if (!TlsRules.IsThumbprint(thumbprint))
            {
                failures.Add($"{option} has '{thumbprint}', which is not a thumbprint; give 40 (SHA-1) or 64 (SHA-256) hex digits.");
                continue;
            }

            into.Add(thumbprint);
        }
    }

    private static void Timeout(string option, TimeSpan timeout, List<string> failures)
    {
        if (timeout <= TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{option} is {timeout}; give a positive time such as 00:00:10.");
        }
    }
}
