// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Wtt.Transports;

/// <summary>Decides whether a peer's certificate is accepted, and says why not in words a user can act on.</summary>
internal static class TlsVerdict
{
    /// <summary>Judges an agent's certificate on the caller's side.</summary>
    /// <returns>Why it is refused, or <see langword="null"/> when it is trusted.</returns>
    public static string? OfServer(TlsClientOptions options, X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors, string targetHost, DateTimeOffset now)
    {
        if (presented is not X509Certificate2 certificate)
        {
            return "it presented no certificate";
        }

        if (options.ServerCertificateValidation is { } decide)
        {
            return decide(certificate, chain, errors) ? null : $"TlsClientOptions.ServerCertificateValidation refused its certificate {Name(certificate)}";
        }

        if (errors == SslPolicyErrors.None || TlsRules.Matches(certificate, options.AllowedServerThumbprints))
        {
            return null;
        }

        return $"its certificate {Name(certificate)} {Why(certificate, chain, errors, targetHost, now)}";
    }

    /// <summary>Judges a caller's certificate on the agent's side.</summary>
    /// <returns>Why it is refused, or <see langword="null"/> when it is accepted.</returns>
    public static string? OfClient(TlsServerOptions options, X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors, DateTimeOffset now)
    {
        if (presented is not X509Certificate2 certificate)
        {
            return options.ClientCertificateMode == TlsClientCertificateMode.RequireCertificate ? "it sent no client certificate and the agent requires one" : null;
        }

        if (options.ClientCertificateMode == TlsClientCertificateMode.NoCertificate)
        {
            return null;
        }

        if (options.ClientCertificateValidation is { } decide)
        {
            return decide(certificate, chain, errors) ? null : $"the agent's ClientCertificateValidation refused its certificate {Name(certificate)}";
        }

        if (TlsRules.Matches(certificate, options.AllowedClientThumbprints))
        {
            return null;
        }

        if (options.ClientCertificateAuthorities.Count == 0)
        {
            return $"its certificate {Name(certificate)} is not among the agent's allowed thumbprints";
        }

        errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        return errors == SslPolicyErrors.None ? null : $"its certificate {Name(certificate)} {Why(certificate, chain, errors, null, now)}";
    }

    /// <summary>Makes the chain policy that trusts only <paramref name="authorities"/>, at the injected clock's time; <see langword="null"/> for the machine's store.</summary>
    public static X509ChainPolicy? Policy(IList<X509Certificate2> authorities, X509RevocationMode revocation, DateTimeOffset now)
    {
        if (authorities.Count == 0)
        {
            return null;
        }

        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = revocation, VerificationTime = now.UtcDateTime };
        foreach (var authority in authorities)
        {
            policy.CustomTrustStore.Add(authority);
        }

        return policy;
    }

    private static string Name(X509Certificate2 certificate) => $"'{certificate.Subject}' (thumbprint {certificate.Thumbprint})";

    private static string Why(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors, string? targetHost, DateTimeOffset now)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add($"is for {Names(certificate)}, not '{targetHost}'");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList() ?? [];
            if (statuses.Contains(X509ChainStatusFlags.NotTimeValid))
            {
                reasons.Add(TlsRules.OutOfDate(certificate, now) ?? "is out of its validity period (or an issuer's is)");
            }

            if (statuses.Any(s => s is X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain))
            {
                reasons.Add($"is issued by '{certificate.Issuer}', an authority not trusted here");
            }

            if (statuses.Except([X509ChainStatusFlags.NotTimeValid, X509ChainStatusFlags.UntrustedRoot, X509ChainStatusFlags.PartialChain]).ToList() is { Count: > 0 } other)
            {
                reasons.Add($"fails chain validation ({string.Join(", ", other)})");
            }

            if (statuses.Count == 0)
            {
                reasons.Add("fails chain validation");
            }
        }

        return string.Join(" and ", reasons);
    }

    private static string Names(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(san => san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(ip => ip.ToString())))
            .ToList();
        return names.Count == 0 ? $"'{certificate.GetNameInfo(X509NameType.SimpleName, false)}'" : string.Join(", ", names.Select(n => $"'{n}'"));
    }
}
