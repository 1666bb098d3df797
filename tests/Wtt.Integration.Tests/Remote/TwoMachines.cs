// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography;
using Wtt.Client;
using Wtt.Machine;
using Wtt.Transports;

namespace Wtt.Integration.Tests.Remote;

/// <summary>
/// Two Wtt machines on one box: "b" runs an agent over a transport, "a" reaches it through a machine
/// connector. Each has a table folder of its own.
/// </summary>
internal sealed class TwoMachines : IAsyncDisposable
{
    private readonly string root;

    private TwoMachines(string root, LocalWttMachine a, LocalWttMachine b, WttAgentServer agent, MachineConnector connector)
    {
        this.root = root;
        A = a;
        B = b;
        Agent = agent;
        Connector = connector;
    }

    public LocalWttMachine A { get; }

    public LocalWttMachine B { get; }

    public WttAgentServer Agent { get; }

    public MachineConnector Connector { get; }

    public string LogFolder => Directory.CreateDirectory(Path.Combine(root, "logs")).FullName;

    public static async Task<TwoMachines> StartAsync(IWttTransport transport, Uri address)
    {
        var root = Path.Combine(OperatingSystem.IsLinux() ? "/dev/shm" : Path.GetTempPath(), "wtt-tests", Guid.NewGuid().ToString("N"));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var b = LocalWttMachine.Open(Options(root, "b"));
        var agent = await WttAgentServer.StartAsync(b.Client, transport, address, new WttAgentServerOptions
        {
            MachineName = "b",
            Security = { SharedSecret = secret },
        });
        var connectorOptions = new MachineConnectorOptions { SharedSecret = secret, LocalMachineName = "a" };
        connectorOptions.Machines["b"] = agent.Address;
        var connector = new MachineConnector(connectorOptions, [transport]);
        var a = LocalWttMachine.Open(Options(root, "a"), connector: connector);
        return new TwoMachines(root, a, b, agent, connector);
    }

    public async ValueTask DisposeAsync()
    {
        var running = B.Table.List().Where(r => !r.Status.IsEnded()).Select(r => new WttProcessHandle(r.Id)).ToList();
        if (running.Count > 0)
        {
            await B.Client.TerminateAsync(ProcessSet.Of(running), new TerminateOptions { GracePeriod = TimeSpan.Zero });
        }

        await A.DisposeAsync();
        await Connector.DisposeAsync();
        await Agent.DisposeAsync();
        await B.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    private static LocalWttMachineOptions Options(string root, string name) => new()
    {
        TableFolder = Path.Combine(root, name),
        Capacity = 256,
        Client = new WttClientOptions { MachineName = name, SelfId = WttProcessId.Nil },
    };
}
