// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;
using Wtt.Transports.Tests.Fakes;
using static Wtt.Transports.Tests.Tls.TlsTransports;

namespace Wtt.Transports.Tests.Tls;

/// <summary>TLS meeting what it does not expect: no version in common, plain on one side, a peer that never finishes the handshake.</summary>
public sealed class TlsMismatchTests
{
    private const int Timeout = 20_000;

    private static TestCertificates Lab => TestCertificates.Lab;

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
}
