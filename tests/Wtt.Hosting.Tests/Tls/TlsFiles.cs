// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography.X509Certificates;
using Wtt.Transports.Tests.Tls;

namespace Wtt.Hosting.Tests.Tls;

/// <summary>The lab's certificates written as files, the way configuration names them: .pfx, PEM + key, CA PEM.</summary>
internal sealed class TlsFiles : IDisposable
{
    public const string Password = "lab-pfx-password";

    public TlsFiles()
    {
        Directory.CreateDirectory(Folder);
        var lab = TestCertificates.Lab;
        File.WriteAllBytes(ServerPfx, lab.Server.Export(X509ContentType.Pkcs12, Password));
        File.WriteAllText(ServerPem, lab.Server.ExportCertificatePem());
        File.WriteAllText(ServerKey, lab.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(ExpiredPfx, lab.Expired.Export(X509ContentType.Pkcs12, Password));
        File.WriteAllBytes(ClientPfx, lab.Client.Export(X509ContentType.Pkcs12, Password));
        File.WriteAllText(AuthorityPem, lab.Authority.ExportCertificatePem());
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "wtt-tls-" + Guid.NewGuid().ToString("N"));

    public string ServerPfx => Path.Combine(Folder, "agent.pfx");

    public string ServerPem => Path.Combine(Folder, "agent.pem");

    public string ServerKey => Path.Combine(Folder, "agent.key");

    public string ExpiredPfx => Path.Combine(Folder, "expired.pfx");

    public string ClientPfx => Path.Combine(Folder, "caller.pfx");

    public string AuthorityPem => Path.Combine(Folder, "lab-ca.pem");

    /// <summary>An agent on <paramref name="endpoint"/> with the PEM certificate and key, requiring client certificates that <paramref name="accept"/> says which.</summary>
    public Action<WttAgentOptions> RequiringClients(string endpoint, Action<WttAgentTlsOptions> accept) => o =>
    {
        o.Endpoints.Add(endpoint);
        o.Tls.Certificate.Path = ServerPem;
        o.Tls.Certificate.KeyPath = ServerKey;
        o.Tls.ClientCertificateMode = Transports.TlsClientCertificateMode.RequireCertificate;
        accept(o.Tls);
    };

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
