// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography;
using Wtt.Client;
using Wtt.Machine;
using Wtt.Transports;

namespace Wtt.Samples.Lab;

/// <summary>
/// The lab: this machine ("lab", the test script's) and two more. With no options the two are agents
/// started in this process (tcp on loopback, a secret made for the run, a table folder each); otherwise
/// the agents named on the command line.
/// </summary>
internal sealed class LabMachines : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> owned = [];

    private LabMachines(string root) => Root = root;

    public string Root { get; }

    public LocalWttMachine Script { get; private set; } = null!;

    public IReadOnlyList<string> Remote { get; private set; } = [];

    public static async Task<LabMachines> StartAsync(LabArguments args)
    {
        var lab = new LabMachines(Path.Combine(OperatingSystem.IsLinux() ? "/dev/shm" : Path.GetTempPath(), "wtt-lab", Guid.NewGuid().ToString("N")));
        var agents = new Dictionary<string, Uri>(args.Agents, StringComparer.OrdinalIgnoreCase);
        var secret = args.Secret;
        if (agents.Count == 0)
        {
            secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            foreach (var name in new[] { "lab-a", "lab-b" })
            {
                var machine = LocalWttMachine.Open(lab.Options(name));
                var agent = await WttAgentServer.StartAsync(machine.Client, new TcpTransport(), new Uri("tcp://127.0.0.1:0"), new WttAgentServerOptions
                {
                    MachineName = name,
                    Security = { SharedSecret = secret },
                });
                lab.owned.Add(agent);
                lab.owned.Add(machine);
                agents[name] = agent.Address;
                Console.WriteLine($"agent {name} listening on {agent.Address} (table {machine.Options.TableFolder})");
            }
        }

        var connectorOptions = new MachineConnectorOptions { SharedSecret = secret, LocalMachineName = "lab" };
        foreach (var (name, address) in agents)
        {
            connectorOptions.Machines[name] = address;
        }

        var connector = new MachineConnector(connectorOptions, [new TcpTransport(), new NamedPipeTransport()]);
        lab.Script = LocalWttMachine.Open(lab.Options("lab"), connector: connector);
        lab.owned.Insert(0, connector);
        lab.owned.Insert(0, lab.Script);
        lab.Remote = [.. agents.Keys];
        return lab;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var part in owned)
        {
            await part.DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }

    private LocalWttMachineOptions Options(string name) => new()
    {
        TableFolder = Path.Combine(Root, name),
        Capacity = 64,
        Client = new WttClientOptions { MachineName = name, SelfId = WttProcessId.Nil },
    };
}
