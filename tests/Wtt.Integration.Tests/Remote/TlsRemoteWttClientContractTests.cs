// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.ClientContracts;
using Wtt.Transports;
using Wtt.Transports.Tests.Tls;

namespace Wtt.Integration.Tests.Remote;

/// <summary>
/// The IWttClient contract through an agent over tcps on loopback: the lab's CA on both sides, a required client
/// certificate, and the shared secret proven inside TLS.
/// </summary>
public sealed class TlsRemoteWttClientContractTests : WttClientContractTests
{
    protected override async ValueTask<IClientHarness> CreateHarnessAsync()
        => new RemoteClientHarness(await TwoMachines.StartAsync(Transport(), new Uri("tcps://127.0.0.1:0")));

    private static TlsTcpTransport Transport()
    {
        var lab = TestCertificates.Lab;
        var server = new TlsServerOptions { Certificate = lab.Server, ClientCertificateMode = TlsClientCertificateMode.RequireCertificate };
        server.ClientCertificateAuthorities.Add(TestCertificates.PublicOnly(lab.Authority));
        var client = new TlsClientOptions { ClientCertificate = lab.Client };
        client.TrustedAuthorities.Add(TestCertificates.PublicOnly(lab.Authority));
        return new TlsTcpTransport(server, client);
    }
}
