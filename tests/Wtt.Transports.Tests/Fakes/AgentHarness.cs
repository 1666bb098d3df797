// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Tests.Fakes;

/// <summary>An agent serving a <see cref="ScriptedWttClient"/>, and a connector that knows it as "lab-b".</summary>
public sealed class AgentHarness : IAsyncDisposable
{
    public const string Secret = "correct horse battery staple";
    public const string Machine = "lab-b";

    private AgentHarness(ScriptedWttClient fake, WttAgentServer server, MachineConnector connector, IWttTransport transport)
    {
        Fake = fake;
        Server = server;
        Connector = connector;
        Transport = transport;
    }

    public ScriptedWttClient Fake { get; }

    public WttAgentServer Server { get; set; }

    public MachineConnector Connector { get; }

    public IWttTransport Transport { get; }

    public static async Task<AgentHarness> StartAsync(
        IWttTransport transport,
        Uri address,
        Action<WttAgentServerOptions>? server = null,
        Action<MachineConnectorOptions>? connector = null,
        ScriptedWttClient? fake = null)
    {
        fake ??= new ScriptedWttClient();
        var serverOptions = new WttAgentServerOptions { Security = { SharedSecret = Secret } };
        server?.Invoke(serverOptions);
        var agent = await WttAgentServer.StartAsync(fake, transport, address, serverOptions);
        var connectorOptions = new MachineConnectorOptions { SharedSecret = Secret, ConnectTimeout = TimeSpan.FromSeconds(5), LocalMachineName = "caller-m" };
        connectorOptions.Machines[Machine] = agent.Address;
        connector?.Invoke(connectorOptions);
        return new AgentHarness(fake, agent, new MachineConnector(connectorOptions, [transport]), transport);
    }

    public async Task<IWttClient> ClientAsync() => await Connector.GetClientAsync(Machine);

    public async ValueTask DisposeAsync()
    {
        await Connector.DisposeAsync();
        await Server.DisposeAsync();
    }
}
