// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Sockets;
using System.Text;
using Wtt.Transports.Handshake;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Server;

public sealed class HandshakeTests
{
    private const int Timeout = 20_000;
    private readonly InMemoryTransport transport = new();
    private readonly Uri address = new("memory://hs-" + Guid.NewGuid().ToString("N"));

    [Fact(Timeout = Timeout)]
    public async Task Connect_WithWrongSecret_IsRefusedBeforeAnyMethodRuns()
    {
        await using var agent = await AgentHarness.StartAsync(transport, address, connector: o => o.SharedSecret = "wrong");

        var error = await Assert.ThrowsAsync<WttException>(agent.ClientAsync);

        Assert.Equal(WttErrorCode.AuthenticationFailed, error.ErrorCode);
        Assert.Equal(0, agent.Fake.Calls);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_WithoutSecret_ToAgentThatNeedsOne_IsRefused()
    {
        await using var agent = await AgentHarness.StartAsync(transport, address, connector: o => o.SharedSecret = null);

        var error = await Assert.ThrowsAsync<WttException>(agent.ClientAsync);

        Assert.Equal(WttErrorCode.AuthenticationFailed, error.ErrorCode);
        Assert.Equal(0, agent.Fake.Calls);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_WithAnotherProtocolVersion_IsRefusedNamingBothVersions()
    {
        await using var agent = await AgentHarness.StartAsync(transport, address);
        var options = new RemoteWttClientOptions { SharedSecret = AgentHarness.Secret, ProtocolVersion = 99 };

        var error = await Assert.ThrowsAsync<WttException>(async () => await RemoteWttClient.ConnectAsync(transport, agent.Server.Address, options));

        Assert.Equal(WttErrorCode.ProtocolMismatch, error.ErrorCode);
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
        Assert.Contains(WttProtocol.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, agent.Fake.Calls);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_Anonymously_IsServedOnlyWhenAllowed()
    {
        await using var agent = await AgentHarness.StartAsync(transport, address, server: o => o.Security = new WttAgentSecurityOptions { AllowAnonymous = true }, connector: o => o.SharedSecret = null);

        var client = (RemoteWttClient)await agent.ClientAsync();

        Assert.False(client.IsAuthenticated);
        Assert.Equal(2, (await client.GetProcessListAsync()).Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task Create_WithPassword_OverAnonymousConnection_IsRefused()
    {
        await using var agent = await AgentHarness.StartAsync(transport, address, server: o => o.Security = new WttAgentSecurityOptions { AllowAnonymous = true }, connector: o => o.SharedSecret = null);
        var client = await agent.ClientAsync();

        var error = await Assert.ThrowsAsync<WttException>(async () => await client.CreateProcessAsync(new ProcessStartSpec("x") { RunAs = new ProcessCredentials("u") { Password = "p" } }));

        Assert.Equal(WttErrorCode.AccessDenied, error.ErrorCode);
        Assert.Equal(0, agent.Fake.Calls);
    }

    [Fact(Timeout = Timeout)]
    public async Task Start_WithNoSecretAndNoAnonymous_FailsNamingTheOption()
    {
        var error = await Assert.ThrowsAsync<WttException>(async () => await WttAgentServer.StartAsync(new ScriptedWttClient(), transport, address, new WttAgentServerOptions()));

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("SharedSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task Start_AnonymousTcpOffLoopback_Fails()
    {
        var options = new WttAgentServerOptions { Security = { AllowAnonymous = true } };

        var error = await Assert.ThrowsAsync<WttException>(async () => await WttAgentServer.StartAsync(new ScriptedWttClient(), new TcpTransport(), new Uri("tcp://0.0.0.0:0"), options));

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task Garbage_InsteadOfHello_IsRefused_AndTheAgentKeepsServing()
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        using (var raw = new TcpClient())
        {
            await raw.ConnectAsync("127.0.0.1", agent.Server.Address.Port);
            var stream = raw.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes("GET / HTTP/1.1\r\n\r\n"));
            var answer = new byte[1024];
            var read = await stream.ReadAsync(answer);
            Assert.Contains("\"error\"", Encoding.UTF8.GetString(answer, 0, read), StringComparison.Ordinal);
        }

        var client = await agent.ClientAsync();
        Assert.Equal(2, (await client.GetProcessListAsync()).Count);
    }

    [Theory(Timeout = Timeout)]
    [InlineData((int)WireFeatures.None)]
    [InlineData((int)WireFeatures.Multiplex)]
    [InlineData((int)WireFeatures.MessagePack)]
    [InlineData((int)(WireFeatures.Multiplex | WireFeatures.MessagePack))]
    public async Task Handshake_Features_AreAgreedOnlyWhenTheCallerAsks(int features)
    {
        var ask = (WireFeatures)features;
        await using var agent = await AgentHarness.StartAsync(transport, address);
        await using var stream = await transport.ConnectAsync(agent.Server.Address);

        var result = await ClientHandshake.RunAsync(stream, AgentHarness.Secret, Guid.NewGuid(), "caller", agent.Server.Address, WttProtocol.Version, ask, CancellationToken.None);

        Assert.Equal(ask, result.Features);
    }

    [Fact(Timeout = Timeout)]
    public async Task Handshake_UnknownFeatures_AreIgnored()
    {
        await using var agent = await AgentHarness.StartAsync(transport, address);
        await using var stream = await transport.ConnectAsync(agent.Server.Address);
        var instance = Guid.NewGuid();

        await HandshakeLines.WriteAsync(stream, new HandshakeMessage("hello") { Protocol = WttProtocol.Version, Machine = "caller", Instance = instance, Features = ["compress-zstd", WttProtocol.MessagePackFeature] }, CancellationToken.None);
        var challenge = await HandshakeLines.ReadAsync(stream, CancellationToken.None);
        var proof = HandshakeProof.Compute(AgentHarness.Secret, Convert.FromBase64String(challenge.Nonce!), instance, challenge.Server!.Value);
        await HandshakeLines.WriteAsync(stream, new HandshakeMessage("proof") { Proof = Convert.ToBase64String(proof) }, CancellationToken.None);
        var ok = await HandshakeLines.ReadAsync(stream, CancellationToken.None);

        Assert.Equal(["multiplex", "msgpack"], challenge.Features);
        Assert.Equal("ok", ok.Type);
        Assert.Equal([WttProtocol.MessagePackFeature], ok.Features);
        Assert.Matches(@"^Wtt/\d+\.\d+\.\d+", ok.Agent);
    }

    [Fact(Timeout = Timeout)]
    public async Task Handshake_WithAnAgentThatOffersNoFeatures_AgreesOnNone_SoTheCallerSpeaksPlainJson()
    {
        var (caller, olderAgent) = Nerdbank.Streams.FullDuplexStream.CreatePair();
        var instance = Guid.NewGuid();
        var server = Guid.NewGuid();
        var nonce = new byte[32];
        var agentSide = Task.Run(async () =>
        {
            var hello = await HandshakeLines.ReadAsync(olderAgent, CancellationToken.None);
            await HandshakeLines.WriteAsync(olderAgent, new HandshakeMessage("challenge") { Protocol = WttProtocol.Version, Machine = "old", Server = server, Nonce = Convert.ToBase64String(nonce), Auth = "hmac-sha256" }, CancellationToken.None);
            await HandshakeLines.ReadAsync(olderAgent, CancellationToken.None);
            await HandshakeLines.WriteAsync(olderAgent, new HandshakeMessage("ok") { UnfinishedCalls = [] }, CancellationToken.None);
            return hello;
        });

        var result = await ClientHandshake.RunAsync(caller, AgentHarness.Secret, instance, "caller", address, WttProtocol.Version, WireFeatures.All, CancellationToken.None);

        Assert.Equal(["multiplex", "msgpack"], (await agentSide).Features);
        Assert.Equal(WireFeatures.None, result.Features);
        Assert.Null(result.AgentSoftware);
    }
}
