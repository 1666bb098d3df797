// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Tls;

/// <summary>An agent served over tcps://: the round trip, each way a TLS connection fails, and client certificates.</summary>
public sealed class TlsAgentTests
{
    private const int Timeout = 20_000;

    private static TestCertificates Lab => TestCertificates.Lab;

    [Fact(Timeout = Timeout)]
    public async Task Call_OverTls_WithTheSecret_RoundTrips()
    {
        await using var agent = await AgentHarness.StartAsync(TlsTransports.Lab(), TlsTransports.Loopback);

        var client = (RemoteWttClient)await agent.ClientAsync();

        Assert.Equal("tcps", agent.Server.Address.Scheme);
        Assert.True(client.IsAuthenticated);
        Assert.Equal(2, (await client.GetProcessListAsync()).Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_ToAnAgentWhoseAuthorityIsNotTrusted_FailsWithAuthenticationFailedSayingWhatToTrust()
    {
        var caller = new TlsTcpTransport(client: new TlsClientOptions());
        await using var agent = await AgentHarness.StartAsync(TlsTransports.Lab(), TlsTransports.Loopback);

        var error = await Assert.ThrowsAsync<WttException>(async () => await RemoteWttClient.ConnectAsync(caller, agent.Server.Address, Options()));

        Assert.Equal(WttErrorCode.AuthenticationFailed, error.ErrorCode);
        Assert.Contains("not trusted", error.Message, StringComparison.Ordinal);
        Assert.Contains("Wtt Test Lab CA", error.Message, StringComparison.Ordinal);
        Assert.Contains("TrustedAuthorities", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, agent.Fake.Calls);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_ToAnAgentWhoseCertificateHasAnotherName_FailsWithAuthenticationFailedNamingBoth()
    {
        var error = await RefusedAsync(TlsTransports.Lab(o => o.Certificate = Lab.OtherName));

        Assert.Contains("is for 'lab-z', not '127.0.0.1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("TargetHost", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_WithTheTargetHostTheCertificateCarries_IsServed()
    {
        await using var agent = await AgentHarness.StartAsync(TlsTransports.Lab(o => o.Certificate = Lab.OtherName, o => o.TargetHost = "lab-z"), TlsTransports.Loopback);

        var client = await agent.ClientAsync();

        Assert.Equal(2, (await client.GetProcessListAsync()).Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_WhenTheAgentsCertificateHasExpired_FailsWithAuthenticationFailedSayingWhen()
    {
        var later = new TlsTransports.FixedClock(Lab.Server.NotAfter.ToUniversalTime().AddDays(1));
        var caller = new TlsTcpTransport(client: TlsTransports.Lab().Client, timeProvider: later);
        await using var agent = await AgentHarness.StartAsync(TlsTransports.Lab(), TlsTransports.Loopback);

        var error = await Assert.ThrowsAsync<WttException>(async () => await RemoteWttClient.ConnectAsync(caller, agent.Server.Address, Options()));

        Assert.Equal(WttErrorCode.AuthenticationFailed, error.ErrorCode);
        Assert.Contains("expired on", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_WithThePinnedThumbprintOfASelfSignedAgent_IsServed_AndAnotherPinIsRefused()
    {
        var pinned = new TlsTcpTransport(client: new TlsClientOptions { AllowedServerThumbprints = { Lab.SelfSigned.Thumbprint } });
        var wrong = new TlsTcpTransport(client: new TlsClientOptions { AllowedServerThumbprints = { Lab.Server.Thumbprint } });
        await using var agent = await AgentHarness.StartAsync(TlsTransports.Lab(o => o.Certificate = Lab.SelfSigned), TlsTransports.Loopback);

        await using var client = await RemoteWttClient.ConnectAsync(pinned, agent.Server.Address, Options());
        var error = await Assert.ThrowsAsync<WttException>(async () => await RemoteWttClient.ConnectAsync(wrong, agent.Server.Address, Options()));

        Assert.Equal(2, (await client.GetProcessListAsync()).Count);
        Assert.Equal(WttErrorCode.AuthenticationFailed, error.ErrorCode);
        Assert.Contains(Lab.SelfSigned.Thumbprint, error.Message, StringComparison.Ordinal);
    }

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

    [Fact(Timeout = Timeout)]
    public async Task Connect_WithNoTlsVersionInCommon_FailsWithAuthenticationFailedNamingTheVersions()
    {
        var error = await RefusedAsync(TlsTransports.Lab(
            o => o.EnabledProtocols = System.Security.Authentication.SslProtocols.Tls13,
            o => o.EnabledProtocols = System.Security.Authentication.SslProtocols.Tls12));

        Assert.Contains("same TLS version", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_PlainToATlsAgent_FailsWithProtocolMismatchSayingUseTcps()
    {
        await using var agent = await AgentHarness.StartAsync(TlsTransports.Lab(), TlsTransports.Loopback);
        var plain = new UriBuilder(agent.Server.Address) { Scheme = "tcp" }.Uri;

        var error = await Assert.ThrowsAsync<WttException>(async () => await RemoteWttClient.ConnectAsync(new TcpTransport(), plain, Options()));

        Assert.Equal(WttErrorCode.ProtocolMismatch, error.ErrorCode);
        Assert.Contains("tcps://", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_TlsToAPlainAgent_FailsWithProtocolMismatchSayingUseTcp()
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        var tls = new UriBuilder(agent.Server.Address) { Scheme = "tcps" }.Uri;

        var error = await Assert.ThrowsAsync<WttException>(async () => await RemoteWttClient.ConnectAsync(TlsTransports.Lab(), tls, Options()));

        Assert.Equal(WttErrorCode.ProtocolMismatch, error.ErrorCode);
        Assert.Contains("plain tcp", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_ToAPeerThatNeverAnswersTheTlsHandshake_FailsWithMachineUnreachableWithinTheHandshakeTimeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen();
        var address = new Uri($"tcps://127.0.0.1:{((IPEndPoint)silent.LocalEndPoint!).Port}");
        var caller = TlsTransports.Lab(client: o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<WttException>(async () => await caller.ConnectAsync(address));

        Assert.Equal(WttErrorCode.MachineUnreachable, error.ErrorCode);
        Assert.Contains("did not finish within 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Listen_ACallerThatStallsItsHandshake_IsDroppedAfterTheTimeout_AndDoesNotHoldUpOthers()
    {
        await using var agent = await AgentHarness.StartAsync(TlsTransports.Lab(o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(300)), TlsTransports.Loopback);
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await stalled.ConnectAsync(IPAddress.Loopback, agent.Server.Address.Port);

        var client = await agent.ClientAsync();
        var list = await client.GetProcessListAsync();
        var read = await stalled.ReceiveAsync(new byte[16], SocketFlags.None);

        Assert.Equal(2, list.Count);
        Assert.Equal(0, read);
    }

    /// <summary>Starts an agent over <paramref name="transport"/> and connects to it through the connector, which must be refused before any call runs.</summary>
    private static async Task<WttException> RefusedAsync(TlsTcpTransport transport, Action<MachineConnectorOptions>? connector = null)
    {
        await using var agent = await AgentHarness.StartAsync(transport, TlsTransports.Loopback, connector: connector);

        var error = await Assert.ThrowsAsync<WttException>(agent.ClientAsync);

        Assert.Equal(WttErrorCode.AuthenticationFailed, error.ErrorCode);
        Assert.Equal(0, agent.Fake.Calls);
        return error;
    }

    private static RemoteWttClientOptions Options() => new() { SharedSecret = AgentHarness.Secret };
}
