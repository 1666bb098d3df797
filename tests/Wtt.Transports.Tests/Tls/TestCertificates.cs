// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wtt.Transports.Tests.Tls;

/// <summary>A lab's certificates, made in the test: a CA, an agent certificate for localhost/127.0.0.1, a caller certificate, and bad ones.</summary>
public sealed class TestCertificates
{
    private static readonly Lazy<TestCertificates> Instance = new(() => new TestCertificates());

    private TestCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        Authority = MakeAuthority("CN=Wtt Test Lab CA", now);
        OtherAuthority = MakeAuthority("CN=Some Other CA", now);
        Server = Issue(Authority, "CN=localhost", now.AddDays(-1), now.AddDays(30), server: true, "localhost", IPAddress.Loopback);
        OtherName = Issue(Authority, "CN=lab-z", now.AddDays(-1), now.AddDays(30), server: true, "lab-z", null);
        Expired = Issue(Authority, "CN=localhost", now.AddDays(-30), now.AddDays(-1), server: true, "localhost", IPAddress.Loopback);
        Client = Issue(Authority, "CN=lab-caller", now.AddDays(-1), now.AddDays(30), server: false, null, null);
        StrangerClient = Issue(OtherAuthority, "CN=stranger", now.AddDays(-1), now.AddDays(30), server: false, null, null);
        SelfSigned = SelfSign("CN=localhost", now);
    }

    public static TestCertificates Lab => Instance.Value;

    /// <summary>Gets the lab's CA (with its key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>Gets a CA the lab does not trust.</summary>
    public X509Certificate2 OtherAuthority { get; }

    /// <summary>Gets the agent's certificate, for localhost and 127.0.0.1, issued by <see cref="Authority"/>.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Gets an agent certificate for the name lab-z only.</summary>
    public X509Certificate2 OtherName { get; }

    /// <summary>Gets an agent certificate that expired yesterday.</summary>
    public X509Certificate2 Expired { get; }

    /// <summary>Gets a caller's certificate issued by <see cref="Authority"/>.</summary>
    public X509Certificate2 Client { get; }

    /// <summary>Gets a caller's certificate issued by <see cref="OtherAuthority"/>.</summary>
    public X509Certificate2 StrangerClient { get; }

    /// <summary>Gets a self-signed agent certificate for localhost and 127.0.0.1.</summary>
    public X509Certificate2 SelfSigned { get; }

    /// <summary>Gets the public part of a certificate, as a peer sees it.</summary>
    public static X509Certificate2 PublicOnly(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    private static X509Certificate2 MakeAuthority(string subject, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return Reload(request.CreateSelfSigned(now.AddDays(-60), now.AddYears(1)));
    }

    private static X509Certificate2 Issue(X509Certificate2 issuer, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, bool server, string? dns, IPAddress? ip)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (dns is not null || ip is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            if (dns is not null)
            {
                san.AddDnsName(dns);
            }

            if (ip is not null)
            {
                san.AddIpAddress(ip);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(issuer, notBefore, notAfter, serial);
        return Reload(issued.CopyWithPrivateKey(key));
    }

    private static X509Certificate2 SelfSign(string subject, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        return Reload(request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30)));
    }

    /// <summary>Round-trips through PKCS#12, so the key is usable by every platform's TLS.</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
