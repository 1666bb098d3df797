// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Sockets;
using Wtt.Transports.Tests.Fakes;
using Wtt.Transports.Tests.Tls;

namespace Wtt.Transports.Tests.Server;

/// <summary>Every caller the agent turns away is reported to the host (WttAgentServerOptions.ConnectionRefused) with the code the caller got.</summary>
public sealed class RefusalReportTests
{
    private const int Timeout = 30_000;

    [Fact(Timeout = Timeout)]
    public async Task WrongSecret_IsReportedAsAuthenticationFailed()
    {
        var refusals = new Refusals();
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), server: refusals.Observe, connector: o => o.SharedSecret = "wrong");

        await Assert.ThrowsAsync<WttException>(agent.ClientAsync);

        var refusal = await refusals.First;
        Assert.Equal(WttErrorCode.AuthenticationFailed, refusal.Code);
        Assert.Equal(agent.Server.Address, refusal.Address);
        Assert.Contains("shared secret", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnotherProtocolVersion_IsReportedAsProtocolMismatch()
    {
        var refusals = new Refusals();
        var transport = new InMemoryTransport();
        await using var agent = await AgentHarness.StartAsync(transport, new Uri("memory://refused-" + Guid.NewGuid().ToString("N")), server: refusals.Observe);

        await Assert.ThrowsAsync<WttException>(async () => await RemoteWttClient.ConnectAsync(transport, agent.Server.Address, new RemoteWttClientOptions { SharedSecret = AgentHarness.Secret, ProtocolVersion = 99 }));

        Assert.Equal(WttErrorCode.ProtocolMismatch, (await refusals.First).Code);
    }

    [Fact(Timeout = Timeout)]
    public async Task StalledHandshake_IsReportedAsTimeout()
    {
        var refusals = new Refusals();
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), server: o =>
        {
            refusals.Observe(o);
            o.HandshakeTimeout = TimeSpan.FromMilliseconds(200);
        });
        using var silent = new TcpClient();
        await silent.ConnectAsync("127.0.0.1", agent.Server.Address.Port);

        var refusal = await refusals.First;

        Assert.Equal(WttErrorCode.Timeout, refusal.Code);
        Assert.Contains("HandshakeTimeout", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task MissingTlsClientCertificate_IsReportedAsAuthenticationFailed()
    {
        var refusals = new Refusals();
        await using var agent = await AgentHarness.StartAsync(TlsTransports.Lab(TlsTransports.RequireLabClients), TlsTransports.Loopback, server: refusals.Observe);

        await Assert.ThrowsAsync<WttException>(agent.ClientAsync);

        var refusal = await refusals.First;
        Assert.Equal(WttErrorCode.AuthenticationFailed, refusal.Code);
        Assert.Contains("client certificate", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task PlainTcpToATlsAgent_IsReportedAsProtocolMismatch()
    {
        var refusals = new Refusals();
        await using var agent = await AgentHarness.StartAsync(TlsTransports.Lab(), TlsTransports.Loopback, server: refusals.Observe);
        var plain = new Uri($"tcp://127.0.0.1:{agent.Server.Address.Port}");

        await Assert.ThrowsAsync<WttException>(async () => await RemoteWttClient.ConnectAsync(new TcpTransport(), plain, TlsTransports.Options()));

        Assert.Equal(WttErrorCode.ProtocolMismatch, (await refusals.First).Code);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnObserverThatThrows_DoesNotStopTheAgent()
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), server: o => o.ConnectionRefused = _ => throw new InvalidOperationException("observer failed"));
        await Assert.ThrowsAsync<WttException>(async () => await RemoteWttClient.ConnectAsync(new TcpTransport(), agent.Server.Address, new RemoteWttClientOptions { SharedSecret = "wrong" }));

        await using var client = await RemoteWttClient.ConnectAsync(new TcpTransport(), agent.Server.Address, TlsTransports.Options());

        Assert.Equal(2, (await client.GetProcessListAsync()).Count);
    }

    private sealed class Refusals
    {
        private readonly TaskCompletionSource<WttConnectionRefusal> first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<WttConnectionRefusal> First => first.Task;

        public void Observe(WttAgentServerOptions options) => options.ConnectionRefused = refusal => first.TrySetResult(refusal);
    }
}
