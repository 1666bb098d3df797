// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography;
using Wtt.Core;
using Wtt.Transports;

namespace Wtt.Integration.Tests.Lab;

/// <summary>
/// A lab for one test: agents "agent1".."agentN", each a separate process in a namespace of the <see cref="LabNetwork"/>,
/// and the test process as the "script" machine, whose client reaches them through a <see cref="MachineConnector"/>.
/// Disposing kills the agents and everything they started, and deletes the folders.
/// </summary>
internal sealed class LabMachines : IAsyncDisposable
{
    private readonly string root;

    private LabMachines(string root, string secret, IReadOnlyList<LabAgent> agents, LocalWttMachine script, MachineConnector connector)
    {
        this.root = root;
        Secret = secret;
        Agents = agents;
        Script = script;
        Connector = connector;
    }

    /// <summary>Gets the shared secret of the lab.</summary>
    public string Secret { get; }

    /// <summary>Gets the agents, agent1 first.</summary>
    public IReadOnlyList<LabAgent> Agents { get; }

    /// <summary>Gets the script machine: this test process's table and client.</summary>
    public LocalWttMachine Script { get; }

    /// <summary>Gets the script's client.</summary>
    public IWttClient Client => Script.Client;

    /// <summary>Gets the script's connector to the agents.</summary>
    public MachineConnector Connector { get; }

    /// <summary>Gets the lab's root folder.</summary>
    public string Root => root;

    /// <summary>Gets a folder for logs of processes on the script machine.</summary>
    public string LogFolder => Directory.CreateDirectory(Path.Combine(root, "script", "logs")).FullName;

    /// <summary>Starts <paramref name="count"/> agents (concurrently) and opens the script machine.</summary>
    /// <param name="network">The lab's network.</param>
    /// <param name="count">How many agents, at most <see cref="LabNetwork.Size"/>.</param>
    /// <param name="connectTimeout">The connector's connect (and reconnect) timeout.</param>
    public static async Task<LabMachines> StartAsync(LabNetwork network, int count, TimeSpan? connectTimeout = null)
    {
        network.Require();
        var root = Path.Combine(OperatingSystem.IsLinux() ? "/dev/shm" : Path.GetTempPath(), "wtt-lab", Guid.NewGuid().ToString("N"));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var agents = Enumerable.Range(0, count).Select(i => new LabAgent($"agent{i + 1}", network.Links[i], Path.Combine(root, $"agent{i + 1}"), secret)).ToList();
        try
        {
            await Task.WhenAll(agents.Select(a => a.StartAsync()));
        }
        catch
        {
            await KillAsync(agents);
            Directory.Delete(root, recursive: true);
            throw;
        }

        var connector = NewConnector(agents, secret, connectTimeout ?? TimeSpan.FromSeconds(5));
        var script = LocalWttMachine.Open(new LocalWttMachineOptions
        {
            TableFolder = Path.Combine(root, "script", "table"),
            Capacity = 256,
            Client = new LocalWttClientOptions { MachineName = "script", SelfId = WttProcessId.Nil },
        }, connector: connector);
        return new LabMachines(root, secret, agents, script, connector);
    }

    /// <summary>Makes a connector to the agents, as another caller would (another secret, another timeout).</summary>
    public static MachineConnector NewConnector(IEnumerable<LabAgent> agents, string secret, TimeSpan connectTimeout)
    {
        var options = new MachineConnectorOptions { SharedSecret = secret, LocalMachineName = "script", ConnectTimeout = connectTimeout };
        foreach (var agent in agents)
        {
            options.Machines[agent.Name] = agent.Address;
        }

        return new MachineConnector(options, [new TcpTransport()]);
    }

    /// <summary>Gets the agent of a machine name.</summary>
    public LabAgent this[string machine] => Agents.Single(a => a.Name == machine);

    /// <summary>Kills everything and deletes the folders; a failing test still leaves nothing behind.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            var local = Script.Table.List().Where(r => r.Machine is null && !r.Status.IsEnded()).Select(r => new WttProcessHandle(r.Id)).ToList();
            if (local.Count > 0)
            {
                await Script.Client.TerminateAsync(ProcessSet.Of(local), new TerminateOptions { GracePeriod = TimeSpan.Zero });
            }
        }
        finally
        {
            try
            {
                await KillAsync(Agents);
                foreach (var agent in Agents)
                {
                    await agent.Link.RestoreAsync();
                }
            }
            finally
            {
                await Script.DisposeAsync();
                await Connector.DisposeAsync();
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task KillAsync(IEnumerable<LabAgent> agents)
    {
        foreach (var agent in agents)
        {
            await agent.KillAsync();
            await LabNetwork.KillAllInAsync(agent.Link.Namespace);
        }
    }
}
