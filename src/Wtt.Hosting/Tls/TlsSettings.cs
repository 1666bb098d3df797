// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wtt.Transports;

namespace Wtt.Hosting;

/// <summary>Turns the TLS configuration into the transport's options, reading certificate files; each failure names the option and the fix.</summary>
/// <remarks>The validators and the code that builds the transports both go through here, so what was validated is what runs.</remarks>
internal static class TlsSettings
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
    public static TlsClientOptions? Client(WttTlsOptions tls, DateTimeOffset now, List<string> failures)
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

    /// <summary>Reads a certificate with its private key, valid now.</summary>
    private static X509Certificate2? Identity(string option, WttCertificateOptions source, DateTimeOffset now, List<string> failures)
    {
        var path = source.Path!;
        if (!File.Exists(path))
        {
            failures.Add($"{option}:Path is '{path}', which does not exist; give the path of a .pfx, or of a PEM certificate (with {option}:KeyPath).");
            return null;
        }

        if (source.KeyPath is { } keyPath && !File.Exists(keyPath))
        {
            failures.Add($"{option}:KeyPath is '{keyPath}', which does not exist; give the path of the PEM private key, or leave it unset for a .pfx.");
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = IsPkcs12(path, source.KeyPath)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, source.Password)
                : Pem(path, source.KeyPath, source.Password);
        }
        catch (CryptographicException ex)
        {
            failures.Add(IsPkcs12(path, source.KeyPath)
                ? $"{option}:Password does not open '{path}' ({ex.Message.TrimEnd('.')}); give the .pfx's password, or check that the file is a PKCS#12 certificate."
                : $"{option}:Path '{path}' (with its key {source.KeyPath ?? "in the same file"}) cannot be read ({ex.Message.TrimEnd('.')}); give a PEM certificate and its PEM private key ({option}:KeyPath, {option}:Password for an encrypted key).");
            return null;
        }

        if (TlsRules.Problem(certificate, now) is { } problem)
        {
            failures.Add($"{option}:Path '{path}' ({certificate.Subject}) {problem}.");
            certificate.Dispose();
            return null;
        }

        return certificate;
    }

    private static bool IsPkcs12(string path, string? keyPath)
        => keyPath is null && (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase) || X509Certificate2.GetCertContentType(path) == X509ContentType.Pkcs12);

    private static X509Certificate2 Pem(string path, string? keyPath, string? password)
    {
        if (keyPath is null && !File.ReadAllText(path).Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }

        using var loaded = string.IsNullOrEmpty(password) ? X509Certificate2.CreateFromPemFile(path, keyPath) : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);

        // An ephemeral PEM key does not work with every platform's TLS (Windows); a PKCS#12 round trip makes it persistent, as Kestrel does.
        return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Reads the CA certificates of a PEM bundle or a DER file.</summary>
    private static void Authorities(string option, string? path, IList<X509Certificate2> into, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        if (!File.Exists(path))
        {
            failures.Add($"{option} is '{path}', which does not exist; give the path of the CA certificate (PEM or DER).");
            return;
        }

        try
        {
            var bundle = new X509Certificate2Collection();
            bundle.ImportFromPemFile(path);
            if (bundle.Count == 0)
            {
                bundle.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }

            foreach (var authority in bundle)
            {
                into.Add(authority);
            }
        }
        catch (CryptographicException ex)
        {
            failures.Add($"{option} '{path}' is not a certificate ({ex.Message.TrimEnd('.')}); give the CA certificate in PEM or DER.");
        }
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
