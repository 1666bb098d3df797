// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wtt.Transports;

namespace Wtt.Benchmarks.Transports;

/// <summary>A tcps transport for benchmarks: a self-signed ECDSA certificate for 127.0.0.1, pinned by the caller.</summary>
internal static class BenchTls
{
    public static TlsTcpTransport Transport()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=wtt-bench", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        return new TlsTcpTransport(
            new TlsServerOptions { Certificate = certificate },
            new TlsClientOptions { AllowedServerThumbprints = { certificate.Thumbprint } });
    }
}
