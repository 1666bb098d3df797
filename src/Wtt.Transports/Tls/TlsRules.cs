// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wtt.Transports;

/// <summary>The checks Wtt applies to TLS certificates and settings, shared by the transport and the hosting validators.</summary>
public static class TlsRules
{
    /// <summary>The TLS versions Wtt allows.</summary>
    public const SslProtocols Allowed = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Tells what makes a certificate unusable as the identity of an agent or a caller.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="now">The time it must be valid at.</param>
    /// <returns>A phrase such as <c>has no private key</c> or <c>expired on 2026-01-01 00:00:00Z</c>, or <see langword="null"/> when it is usable.</returns>
    public static string? Problem(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return OutOfDate(certificate, now)
            ?? (certificate.HasPrivateKey ? null : "has no private key (a .pfx holds both; for PEM give the key file too)");
    }

    /// <summary>Tells whether a text is a certificate thumbprint: 40 (SHA-1) or 64 (SHA-256) hex digits, spaces and colons ignored.</summary>
    /// <param name="thumbprint">The text.</param>
    /// <returns><see langword="true"/> when it is one.</returns>
    public static bool IsThumbprint(string? thumbprint)
    {
        var hex = Normalize(thumbprint);
        return hex.Length is 40 or 64 && hex.All(char.IsAsciiHexDigit);
    }

    /// <summary>Tells whether a certificate's SHA-1 or SHA-256 thumbprint is one of <paramref name="thumbprints"/>.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="thumbprints">The allowed thumbprints.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool Matches(X509Certificate2 certificate, IEnumerable<string> thumbprints)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(thumbprints);
        string? sha256 = null;
        foreach (var thumbprint in thumbprints)
        {
            var hex = Normalize(thumbprint);
            var mine = hex.Length == 64 ? sha256 ??= certificate.GetCertHashString(HashAlgorithmName.SHA256) : certificate.Thumbprint;
            if (string.Equals(hex, mine, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells whether a certificate is out of its validity period.</summary>
    /// <returns>A phrase such as <c>expired on ...</c>, or <see langword="null"/>.</returns>
    internal static string? OutOfDate(X509Certificate2 certificate, DateTimeOffset now)
    {
        if (now.UtcDateTime > certificate.NotAfter.ToUniversalTime())
        {
            return $"expired on {certificate.NotAfter.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture)}; renew it";
        }

        return now.UtcDateTime < certificate.NotBefore.ToUniversalTime()
            ? $"is not valid before {certificate.NotBefore.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture)}; check the clocks or issue it again"
            : null;
    }

    /// <summary>Throws unless a certificate is usable as an identity.</summary>
    internal static void ThrowIfUnusable(X509Certificate2 certificate, DateTimeOffset now, string option)
    {
        if (Problem(certificate, now) is { } problem)
        {
            throw WttException.InvalidArgument($"{option} ({certificate.Subject}) {problem}.");
        }
    }

    /// <summary>Throws unless only TLS 1.2 and 1.3 are enabled.</summary>
    internal static void ThrowIfBadProtocols(SslProtocols protocols, string option)
    {
        if (protocols == SslProtocols.None || (protocols & ~Allowed) != 0)
        {
            throw WttException.InvalidArgument($"{option} is {protocols}; Wtt speaks TLS 1.2 and 1.3 only: give Tls12, Tls13 or both.");
        }
    }

    /// <summary>Throws unless a timeout is positive or infinite.</summary>
    internal static void ThrowIfBadTimeout(TimeSpan timeout, string option)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw WttException.InvalidArgument($"{option} is {timeout}; give a positive time such as 00:00:10.");
        }
    }

    /// <summary>Throws unless every text is a thumbprint.</summary>
    internal static void ThrowIfBadThumbprints(IEnumerable<string> thumbprints, string option)
    {
        if (thumbprints.FirstOrDefault(t => !IsThumbprint(t)) is { } bad)
        {
            throw WttException.InvalidArgument($"{option} has '{bad}', which is not a thumbprint; give 40 (SHA-1) or 64 (SHA-256) hex digits.");
        }
    }

    private static string Normalize(string? thumbprint)
        => thumbprint is null ? string.Empty : thumbprint.Replace(" ", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal);
}
