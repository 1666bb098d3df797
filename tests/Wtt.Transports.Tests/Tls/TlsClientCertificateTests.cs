// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports.Tests.Fakes;
using static Wtt.Transports.Tests.Tls.TlsTransports;

namespace Wtt.Transports.Tests.Tls;

/// <summary>An agent served over tcps:// that asks for client certificates: which it accepts, which it refuses, and the secret beside them.</summary>
public sealed class TlsClientCertificateTests
{
    private const int Timeout = 20_000;

    private static TestCertificates Lab => TestCertificates.Lab;

    [Fact(Timeout = Timeout)]
    public async Task Connect_WithARequiredClientCertificate_IsServedWithoutASecret_EvenOffLoopback()
    {
        var transport = TlsTransports.Lab(TlsTransports.RequireLabClients, TlsTransports.WithClientCertificate(Lab.Client));
        await using var agent = await AgentHarness.StartAsync(
            transport,
            new Uri("tcps://0.0.0.0:0"),
            server: o => o.Security = new WttAgentSecurityOptions(),
            connector: o => o.SharedSecret = null);
        var address = new UriBuilder(agent.Server.Address) { Host = "127.0.0.1" }.Uri;

        await using var client = await RemoteWttClient.ConnectAsync(transport, address, new RemoteWttClientOptions());

        Assert.Equal(2, (await client.GetProcessListAsync()).Count);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(TlsClientCertificateMode.NoCertificate)]
    [InlineData(TlsClientCertificateMode.AllowCertificate)]
    public async Task Start_OffLoopbackWithoutASecret_UnlessClientCertificatesAreRequired_FailsWithInvalidArgument(TlsClientCertificateMode mode)
    {
        var transport = TlsTransports.Lab(o =>
        {
            TlsTransports.RequireLabClients(o);
            o.ClientCertificateMode = mode;
        });
        var options = new WttAgentServerOptions { Security = { AllowAnonymous = true } };

        var error = await Assert.ThrowsAsync<WttException>(async () => await WttAgentServer.StartAsync(new ScriptedWttClient(), transport, new Uri("tcps://0.0.0.0:0"), options));

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("require TLS client certificates", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_WithTheClientCertificateButNotTheSecretTheAgentAlsoRequires_FailsWithAuthenticationFailed()
    {
        var error = await RefusedAsync(TlsTransports.Lab(TlsTransports.RequireLabClients, TlsTransports.WithClientCertificate(Lab.Client)), connector: o => o.SharedSecret = null);

        Assert.Contains("shared secret", error.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(System.Security.Authentication.SslProtocols.Tls12)]
    [InlineData(System.Security.Authentication.SslProtocols.Tls13)]
    public async Task Connect_WithoutTheRequiredClientCertificate_FailsWithAuthenticationFailedSayingSo(System.Security.Authentication.SslProtocols protocol)
    {
        var error = await RefusedAsync(TlsTransports.Lab(TlsTransports.RequireLabClients, o => o.EnabledProtocols = protocol));

        Assert.Contains("sent no client certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_WithAClientCertificateOfAnotherAuthority_FailsWithAuthenticationFailedNamingIt()
    {
        var error = await RefusedAsync(TlsTransports.Lab(TlsTransports.RequireLabClients, TlsTransports.WithClientCertificate(Lab.StrangerClient)));

        Assert.Contains("CN=stranger", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused the caller's TLS client certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_WithAnAllowedClientThumbprint_IsServed()
    {
        var transport = TlsTransports.Lab(
            o =>
            {
                o.ClientCertificateMode = TlsClientCertificateMode.RequireCertificate;
                o.AllowedClientThumbprints.Add(Lab.StrangerClient.Thumbprint);
            },
            TlsTransports.WithClientCertificate(Lab.StrangerClient));
        await using var agent = await AgentHarness.StartAsync(transport, TlsTransports.Loopback);

        var client = await agent.ClientAsync();

        Assert.Equal(2, (await client.GetProcessListAsync()).Count);
    }
}
