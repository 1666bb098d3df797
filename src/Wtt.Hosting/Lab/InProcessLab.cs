// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography;
using Wtt.Core;
using Wtt.Transports;

namespace Wtt.Hosting;

/// <summary>
/// Several Wtt machines in one process, for integration tests and demos: each machine of
/// <see cref="InProcessLabOptions.Machines"/> has a table folder of its own and an agent, and the script machine
/// reaches them (and any <see cref="InProcessLabOptions.RemoteAgents"/>) through a <see cref="MachineConnector"/>,
/// exactly as it would reach agents on other computers.
/// </summary>
/// <remarks>
/// Disposing terminates what still runs on the in-process machines (no grace), closes the agents, the connector and
/// the machines, and deletes the lab's folder if the lab made it.
/// </remarks>
public sealed class InProcessLab : IAsyncDisposable
{
    private readonly bool ownsRoot;
    private readonly Dictionary<string, LocalWttMachine> machines = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, WttAgentServer> agents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Uri> addresses = new(StringComparer.OrdinalIgnoreCase);
    private LocalWttMachine? script;
    private MachineConnector? connector;

    private InProcessLab(string root, bool ownsRoot, string secret)
    {
        Root = root;
        this.ownsRoot = ownsRoot;
        SharedSecret = secret;
    }

    /// <summary>Gets the folder that holds every machine's table folder.</summary>
    public string Root { get; }

    /// <summary>Gets the secret the agents demand.</summary>
    public string SharedSecret { get; }

    /// <summary>Gets the script machine, whose client reaches every machine of the lab.</summary>
    public LocalWttMachine Script => script ?? throw new InvalidOperationException("The lab is not started.");

    /// <summary>Gets the script machine's client: the one a test drives the lab with.</summary>
    public LocalWttClient Client => Script.Client;

    /// <summary>Gets the connector the script machine reaches the agents through.</summary>
    public MachineConnector Connector => connector ?? throw new InvalidOperationException("The lab is not started.");

    /// <summary>Gets the machines started in this process, by name.</summary>
    public IReadOnlyDictionary<string, LocalWttMachine> Machines => machines;

    /// <summary>Gets the agents of the in-process machines, by machine name.</summary>
    public IReadOnlyDictionary<string, WttAgentServer> Agents => agents;

    /// <summary>Gets the address of every agent the script machine reaches, by machine name.</summary>
    public IReadOnlyDictionary<string, Uri> Addresses => addresses;

    /// <summary>Starts the machines and their agents, then the script machine with its connector.</summary>
    /// <param name="options">What the lab is made of.</param>
    /// <param name="cancellationToken">Cancels the start; what was started is closed again.</param>
    /// <returns>The started lab.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/> for a duplicate machine name, remote agents without a secret, or a lab with no machine.</exception>
    public static async Task<InProcessLab> StartAsync(InProcessLabOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var ownsRoot = options.Root is null;
        var root = options.Root ?? Path.Combine(OperatingSystem.IsLinux() ? "/dev/shm" : Path.GetTempPath(), "wtt-lab", Guid.NewGuid().ToString("N"));
        var lab = new InProcessLab(root, ownsRoot, options.SharedSecret ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        try
        {
            await lab.StartCoreAsync(options, cancellationToken).ConfigureAwait(false);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var machine in machines.Values)
        {
            var running = machine.Table.List().Where(r => !r.Status.IsEnded()).Select(r => new WttProcessHandle(r.Id)).ToList();
            if (running.Count > 0)
            {
                await machine.Client.TerminateAsync(ProcessSet.Of(running), new TerminateOptions { GracePeriod = TimeSpan.Zero }).ConfigureAwait(false);
            }
        }

        if (script is not null)
        {
            await script.DisposeAsync().ConfigureAwait(false);
        }

        if (connector is not null)
        {
            await connector.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var agent in agents.Values)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var machine in machines.Values)
        {
            await machine.DisposeAsync().ConfigureAwait(false);
        }

        if (ownsRoot && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static void Validate(InProcessLabOptions options)
    {
        var names = options.Machines.Concat(options.RemoteAgents.Keys).Append(options.ScriptMachine).ToList();
        if (names.Any(string.IsNullOrWhiteSpace))
        {
            throw WttException.InvalidArgument("Every machine of the lab needs a name.");
        }

        if (names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw WttException.InvalidArgument($"Machine '{twice.Key}' is named twice in the lab; give each machine its own name.");
        }

        if (options.Machines.Count + options.RemoteAgents.Count == 0)
        {
            throw WttException.InvalidArgument("The lab has no machine besides the script's: add names to Machines, or agents to RemoteAgents.");
        }

        if (options.RemoteAgents.Count > 0 && string.IsNullOrEmpty(options.SharedSecret))
        {
            throw WttException.InvalidArgument("Remote agents demand their secret: set SharedSecret.");
        }
    }

    private static Uri DefaultAddress(IWttTransport transport, string machine) => transport.Scheme switch
    {
        "tcp" => new Uri("tcp://127.0.0.1:0"),
        var scheme => new Uri($"{scheme}://wtt-lab-{machine}-{Guid.NewGuid():N}"),
    };

    private async Task StartCoreAsync(InProcessLabOptions options, CancellationToken cancellationToken)
    {
        var transport = options.Transport ?? new TcpTransport();
        foreach (var name in options.Machines)
        {
            var machine = LocalWttMachine.Open(MachineOptions(options, name), options.TimeProvider);
            machines[name] = machine;
            var address = options.ListenAddress?.Invoke(name) ?? DefaultAddress(transport, name);
            var agent = await WttAgentServer.StartAsync(machine.Client, transport, address, new WttAgentServerOptions
            {
                MachineName = name,
                Security = { SharedSecret = SharedSecret },
                TimeProvider = options.TimeProvider,
            }, cancellationToken).ConfigureAwait(false);
            agents[name] = agent;
            addresses[name] = agent.Address;
        }

        foreach (var (name, address) in options.RemoteAgents)
        {
            addresses[name] = address;
        }

        var connectorOptions = new MachineConnectorOptions { SharedSecret = SharedSecret, LocalMachineName = options.ScriptMachine, Encoding = options.WireEncoding };
        foreach (var (name, address) in addresses)
        {
            connectorOptions.Machines[name] = address;
        }

        IWttTransport[] transports = options.ConnectorTransports.Count > 0 ? [.. options.ConnectorTransports]
            : options.RemoteAgents.Count == 0 ? [transport]
            : [transport, .. new IWttTransport[] { new TcpTransport(), new NamedPipeTransport() }.Where(t => t.Scheme != transport.Scheme)];
        connector = new MachineConnector(connectorOptions, transports, options.TimeProvider);
        script = LocalWttMachine.Open(MachineOptions(options, options.ScriptMachine), options.TimeProvider, connector);
    }

    private LocalWttMachineOptions MachineOptions(InProcessLabOptions options, string name) => new()
    {
        TableFolder = Path.Combine(Root, name),
        Capacity = options.Capacity,
        Client = new LocalWttClientOptions { MachineName = name, SelfId = WttProcessId.Nil },
    };
}
