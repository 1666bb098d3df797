// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Wtt.Transports.Tests.Fakes;
using Wtt.Transports.Tests.Tls;

namespace Wtt.Transports.Tests.Client;

/// <summary>Which connections may carry a <c>RunAs</c> password: authenticated ones that nobody between can read.</summary>
public sealed class RunAsPasswordTests
{
    private const int Timeout = 20_000;

    private static ProcessStartSpec WithPassword => new("/usr/bin/server") { RunAs = new ProcessCredentials("svc") { Password = "hunter2" } };

    [Fact(Timeout = Timeout)]
    public async Task Password_OverLoopbackTcpWithTheSecret_IsSent()
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        var client = await agent.ClientAsync();

        await client.CreateProcessAsync(WithPassword);

        Assert.Equal(1, agent.Fake.Calls);
    }

    [Fact(Timeout = Timeout)]
    public async Task Password_OverTlsWithAnAcceptedClientCertificateAndNoSecret_IsSent()
    {
        var transport = TlsTransports.Lab(TlsTransports.RequireLabClients, TlsTransports.WithClientCertificate(TestCertificates.Lab.Client));
        await using var agent = await AgentHarness.StartAsync(transport, TlsTransports.Loopback, server: o => o.Security = new WttAgentSecurityOptions(), connector: o => o.SharedSecret = null);
        await using var client = await RemoteWttClient.ConnectAsync(transport, agent.Server.Address, new RemoteWttClientOptions());

        await client.CreateProcessAsync(WithPassword);

        Assert.False(client.IsAuthenticated);
        Assert.Equal(1, agent.Fake.Calls);
    }

    [Fact(Timeout = Timeout)]
    public async Task Password_OverPlainTcpToAnotherAddress_IsNeverSent_EvenWithTheSecret()
    {
        if (NonLoopbackAddress() is not { } ip)
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "CI machines have a network interface besides loopback; this one has none.");
            return;
        }

        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://0.0.0.0:0"));
        var address = new UriBuilder(agent.Server.Address) { Host = ip.ToString() }.Uri;
        await using var client = await RemoteWttClient.ConnectAsync(new TcpTransport(), address, new RemoteWttClientOptions { SharedSecret = AgentHarness.Secret });

        var error = await Assert.ThrowsAsync<WttException>(async () => await client.CreateProcessAsync(WithPassword));

        Assert.True(client.IsAuthenticated);
        Assert.Equal(WttErrorCode.AccessDenied, error.ErrorCode);
        Assert.Contains("tcps://", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, agent.Fake.Calls);
    }

    private static IPAddress? NonLoopbackAddress()
        => NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
