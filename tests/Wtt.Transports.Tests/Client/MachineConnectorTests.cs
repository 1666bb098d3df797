// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Client;

public sealed class MachineConnectorTests
{
    private const int Timeout = 20_000;

    [Fact(Timeout = Timeout)]
    public async Task GetClient_ClosedTcpPort_FailsWithMachineUnreachableNamingTheAddress()
    {
        var address = new Uri($"tcp://127.0.0.1:{FreePort()}");
        await using var connector = Connector(address, TimeSpan.FromSeconds(2), new TcpTransport());

        var error = await Assert.ThrowsAsync<WttException>(async () => await connector.GetClientAsync("lab-b"));

        Assert.Equal(WttErrorCode.MachineUnreachable, error.ErrorCode);
        Assert.Contains(address.ToString().TrimEnd('/'), error.Message, StringComparison.Ordinal);
        Assert.Equal("lab-b", error.Machine);
    }

    [Fact(Timeout = Timeout)]
    public async Task GetClient_AgentThatNeverAnswers_FailsWithMachineUnreachableWithinTheTimeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen();
        var address = new Uri($"tcp://127.0.0.1:{((IPEndPoint)silent.LocalEndPoint!).Port}");
        await using var connector = Connector(address, TimeSpan.FromMilliseconds(300), new TcpTransport());

        var error = await Assert.ThrowsAsync<WttException>(async () => await connector.GetClientAsync("lab-b"));

        Assert.Equal(WttErrorCode.MachineUnreachable, error.ErrorCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task GetClient_CallerCancels_ThrowsOperationCanceled()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen();
        await using var connector = Connector(new Uri($"tcp://127.0.0.1:{((IPEndPoint)silent.LocalEndPoint!).Port}"), TimeSpan.FromMinutes(5), new TcpTransport());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await connector.GetClientAsync("lab-b", cancel.Token));
    }

    [Fact(Timeout = Timeout)]
    public async Task GetClient_UnknownMemoryName_FailsWithMachineUnreachable()
    {
        await using var connector = Connector(new Uri("memory://nobody-here"), TimeSpan.FromSeconds(1), new InMemoryTransport());

        var error = await Assert.ThrowsAsync<WttException>(async () => await connector.GetClientAsync("lab-b"));

        Assert.Equal(WttErrorCode.MachineUnreachable, error.ErrorCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task GetClient_MachineWithoutAddress_FailsWithMachineUnreachable()
    {
        await using var connector = Connector(new Uri("memory://x"), TimeSpan.FromSeconds(1), new InMemoryTransport());

        var error = await Assert.ThrowsAsync<WttException>(async () => await connector.GetClientAsync("lab-z"));

        Assert.Equal(WttErrorCode.MachineUnreachable, error.ErrorCode);
        Assert.Contains("Machines", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task GetClient_SchemeWithoutTransport_FailsWithNotSupported()
    {
        await using var connector = Connector(new Uri("quic://host:1"), TimeSpan.FromSeconds(1), new InMemoryTransport());

        var error = await Assert.ThrowsAsync<WttException>(async () => await connector.GetClientAsync("lab-b"));

        Assert.Equal(WttErrorCode.NotSupported, error.ErrorCode);
    }

    [Fact]
    public async Task IsLocal_NullEmptyAndOwnName_AreLocal()
    {
        await using var connector = Connector(new Uri("memory://x"), TimeSpan.FromSeconds(1), new InMemoryTransport());

        Assert.True(connector.IsLocal(null));
        Assert.True(connector.IsLocal(""));
        Assert.True(connector.IsLocal("CALLER-M"));
        Assert.False(connector.IsLocal("lab-b"));
    }

    [Fact(Timeout = Timeout)]
    public async Task GetClient_CachesOneConnectionPerMachine()
    {
        await using var agent = await AgentHarness.StartAsync(new InMemoryTransport(), new Uri("memory://cache"));

        Assert.Same(await agent.ClientAsync(), await agent.ClientAsync());
        Assert.Equal(1, agent.Server.ConnectionCount);
    }

    [Fact(Timeout = Timeout)]
    public async Task DroppedConnection_IsReestablishedOnTheNextCall()
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        var first = await agent.Connector.GetRemoteAsync(AgentHarness.Machine);
        Assert.Equal(2, (await first.GetProcessListAsync()).Count);

        agent.Server.DropConnections();
        await first.Completion.ContinueWith(_ => { }, TaskScheduler.Default);

        var second = await agent.Connector.GetRemoteAsync(AgentHarness.Machine);
        Assert.NotSame(first, second);
        Assert.Equal(2, (await second.GetProcessListAsync()).Count);
        Assert.Equal(first.ServerInstanceId, second.ServerInstanceId);
        var stale = await Assert.ThrowsAsync<WttException>(async () => await first.GetProcessListAsync());
        Assert.Equal(WttErrorCode.MachineUnreachable, stale.ErrorCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task PendingCall_WhenTheConnectionDrops_FailsWithMachineUnreachable()
    {
        await using var agent = await AgentHarness.StartAsync(new InMemoryTransport(), new Uri("memory://drop"));
        agent.Fake.BlockWaits = true;
        var client = await agent.ClientAsync();
        var wait = client.WaitAsync(ProcessSet.Of(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine))).AsTask();
        await agent.Fake.WaitStarted.Task;

        agent.Server.DropConnections();

        var error = await Assert.ThrowsAsync<WttException>(() => wait);
        Assert.Equal(WttErrorCode.MachineUnreachable, error.ErrorCode);
        Assert.Contains("outcome is unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = Timeout)]
    public async Task PendingCall_WhenTheAgentRestarts_FailsWithAgentRestarted_AndTheNewAgentNamesTheCall()
    {
        var transport = new InMemoryTransport();
        var address = new Uri("memory://restart");
        var journal = Path.Combine(Path.GetTempPath(), "wtt-restart-" + Guid.NewGuid().ToString("N"));
        await using var agent = await AgentHarness.StartAsync(transport, address, server: o => o.JournalFolder = journal);
        agent.Fake.BlockWaits = true;
        var client = await agent.ClientAsync();
        var wait = client.WaitAsync(ProcessSet.Of(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine))).AsTask();
        await agent.Fake.WaitStarted.Task;
        var before = agent.Server.InstanceId;

        await agent.Server.DisposeAsync();
        agent.Server = await WttAgentServer.StartAsync(new ScriptedWttClient(), transport, address, new WttAgentServerOptions { Security = { SharedSecret = AgentHarness.Secret }, JournalFolder = journal });

        var error = await Assert.ThrowsAsync<WttException>(() => wait);
        Assert.Equal(WttErrorCode.AgentRestarted, error.ErrorCode);
        Assert.Equal(AgentHarness.Machine, error.Machine);
        var fresh = await agent.Connector.GetRemoteAsync(AgentHarness.Machine);
        Assert.NotEqual(before, fresh.ServerInstanceId);
        Assert.Single(fresh.UnfinishedCalls);
        await agent.Server.DisposeAsync();
        Directory.Delete(journal, recursive: true);
    }

    private static MachineConnector Connector(Uri address, TimeSpan timeout, IWttTransport transport)
    {
        var options = new MachineConnectorOptions { ConnectTimeout = timeout, SharedSecret = "s", LocalMachineName = "caller-m" };
        options.Machines["lab-b"] = address;
        return new MachineConnector(options, [transport]);
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
