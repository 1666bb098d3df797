// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports.Tests.Fakes;
using static Wtt.Transports.Tests.Tls.TlsTransports;

namespace Wtt.Transports.Tests.Tls;

/// <summary>An agent served over tcps://: the round trip, and how the caller trusts (or refuses) the agent's certificate.</summary>
public sealed class TlsTrustTests
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
}
