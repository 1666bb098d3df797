// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;

namespace Wtt.Transports;

/// <summary>
/// Reaches other machines' agents by a static map of names to addresses, with the transport the address's
/// scheme names. Keeps one connection per machine and re-establishes a lost one on the next call.
/// </summary>
/// <remarks>
/// Never hangs: connecting fails with <see cref="WttErrorCode.MachineUnreachable"/> within
/// <see cref="MachineConnectorOptions.ConnectTimeout"/> or the caller's token. A call pending when its connection
/// drops fails with <see cref="WttErrorCode.AgentRestarted"/> when the agent came back as a new instance (or
/// said it did not finish the call), else with <see cref="WttErrorCode.MachineUnreachable"/>. Thread-safe.
/// </remarks>
public sealed partial class MachineConnector : IMachineConnector, IAsyncDisposable
{
    private readonly MachineConnectorOptions options;
    private readonly Dictionary<string, IWttTransport> transports;
    private readonly ConcurrentDictionary<string, MachineLink> links = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider time;
    private readonly string localName;

    /// <summary>Initializes the connector.</summary>
    /// <param name="options">The machines and the secret.</param>
    /// <param name="transports">The transports, one per scheme; a custom transport is one more.</param>
    /// <param name="timeProvider">The clock for timeouts; <see langword="null"/> for the system's.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: bad options or two transports for one scheme.</exception>
    public MachineConnector(MachineConnectorOptions options, IEnumerable<IWttTransport> transports, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transports);
        options.Validate();
        this.options = options;
        this.transports = new(StringComparer.OrdinalIgnoreCase);
        foreach (var transport in transports)
        {
            if (!this.transports.TryAdd(transport.Scheme, transport))
            {
                throw WttException.InvalidArgument($"Two transports serve the scheme '{transport.Scheme}'; register one.");
            }
        }

        time = timeProvider ?? TimeProvider.System;
        localName = options.LocalMachineName ?? Environment.MachineName;
    }

    /// <summary>Gets the caller instance id this connector presents to every agent.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <inheritdoc/>
    public bool IsLocal(string? machine)
        => string.IsNullOrEmpty(machine) || string.Equals(machine, localName, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public async ValueTask<IWttClient> GetClientAsync(string machine, CancellationToken cancellationToken = default)
        => await GetRemoteAsync(machine, cancellationToken).ConfigureAwait(false);

    /// <summary>Gets the connection to a machine's agent, connecting if there is none or it was lost.</summary>
    /// <param name="machine">The machine.</param>
    /// <param name="cancellationToken">The caller's deadline.</param>
    /// <returns>The open connection.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.MachineUnreachable"/> (also for a machine with no address), <see cref="WttErrorCode.AuthenticationFailed"/>, <see cref="WttErrorCode.ProtocolMismatch"/>, <see cref="WttErrorCode.NotSupported"/> (no transport for the scheme).</exception>
    public ValueTask<RemoteWttClient> GetRemoteAsync(string machine, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(machine))
        {
            throw WttException.InvalidArgument("GetClientAsync needs a machine name; this machine is served locally.");
        }

        if (!links.TryGetValue(machine, out var link))
        {
            if (!options.Machines.TryGetValue(machine, out var address))
            {
                throw new WttException(WttErrorCode.MachineUnreachable, $"No agent address is configured for machine '{machine}'; add it to MachineConnectorOptions.Machines (for example tcp://host:7177).", machine: machine);
            }

            if (!transports.TryGetValue(address.Scheme, out var transport))
            {
                throw new WttException(WttErrorCode.NotSupported, $"No transport serves '{address.Scheme}://' (machine '{machine}'); register one, or use tcp://, pipe:// or memory://.", machine: machine);
            }

            link = links.GetOrAdd(machine, name => new MachineLink(this, name, address, transport));
        }

        return link.GetAsync(cancellationToken);
    }

    /// <summary>Closes every connection.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var link in links.Values)
        {
            await link.DisposeAsync().ConfigureAwait(false);
        }

        links.Clear();
    }
}
