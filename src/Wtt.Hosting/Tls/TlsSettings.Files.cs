// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wtt.Transports;

namespace Wtt.Hosting;

/// <content>Reading certificate files: a .pfx, a PEM certificate and key, a CA bundle.</content>
internal static partial class TlsSettings
{
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
}
