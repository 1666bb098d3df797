// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Server;

public sealed class LimitsTests
{
    private const int Timeout = 20_000;
    private readonly TcpTransport transport = new();
    private readonly Uri address = new("tcp://127.0.0.1:0");

    [Theory(Timeout = Timeout)]
    [InlineData(WttWireEncoding.MessagePack)]
    [InlineData(WttWireEncoding.Json)]
    public async Task Request_OverTheSizeLimit_FailsWithMessageTooLarge_AndTheConnectionStaysUsable(WttWireEncoding encoding)
    {
        await using var agent = await AgentHarness.StartAsync(transport, address, server: o => o.MaxMessageBytes = 64 * 1024, connector: o => o.Encoding = encoding);
        var client = await agent.ClientAsync();

        var error = await Assert.ThrowsAsync<WttException>(async () => await client.CreateProcessAsync(new ProcessStartSpec("x") { Arguments = [new string('a', 100_000), new string('b', 100_000)] }));

        Assert.Equal(WttErrorCode.MessageTooLarge, error.ErrorCode);
        Assert.Equal(0, agent.Fake.Calls);
        Assert.Equal(2, (await client.GetProcessListAsync()).Count);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(WttWireEncoding.MessagePack)]
    [InlineData(WttWireEncoding.Json)]
    public async Task Response_OverTheSizeLimit_FailsWithMessageTooLarge(WttWireEncoding encoding)
    {
        await using var agent = await AgentHarness.StartAsync(transport, address, server: o => o.MaxMessageBytes = 64 * 1024, connector: o => o.Encoding = encoding);
        agent.Fake.List = [.. Enumerable.Range(0, 200).Select(_ => ScriptedWttClient.SampleInfo(WttProcessId.New()))];
        var client = await agent.ClientAsync();

        var error = await Assert.ThrowsAsync<WttException>(async () => await client.GetProcessListAsync());

        Assert.Equal(WttErrorCode.MessageTooLarge, error.ErrorCode);
        Assert.Null(await client.GetCurrentProcessInfoAsync());
    }

    [Fact(Timeout = Timeout)]
    public async Task Calls_OverTheConcurrencyLimit_FailWithTooManyCalls()
    {
        await using var agent = await AgentHarness.StartAsync(transport, address, server: o => o.MaxConcurrentCallsPerConnection = 1);
        agent.Fake.BlockWaits = true;
        var client = await agent.ClientAsync();
        using var cancel = new CancellationTokenSource();
        var set = ProcessSet.Of(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine));
        var blocked = client.WaitAsync(set, null, cancel.Token).AsTask();
        await agent.Fake.WaitStarted.Task;

        var error = await Assert.ThrowsAsync<WttException>(async () => await client.GetProcessListAsync());

        Assert.Equal(WttErrorCode.TooManyCalls, error.ErrorCode);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
    }
}
