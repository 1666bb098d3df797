// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core;
using Wtt.Transports;

namespace Wtt.Hosting;

/// <summary>
/// How a host's Wtt client works: where this machine's table lives and which other machines it can reach.
/// Bound from the <c>Wtt</c> configuration section by <c>AddWttClient(IConfigurationSection)</c>.
/// </summary>
public sealed class WttClientOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "Wtt";

    /// <summary>The largest table a machine may have, in rows.</summary>
    public const int MaxTableCapacity = 65_536;

    /// <summary>Gets or sets this machine's name; calls about it are local.</summary>
    /// <value><see cref="Environment.MachineName"/>.</value>
    public string MachineName { get; set; } = Environment.MachineName;

    /// <summary>Gets or sets the folder of the shared-memory process table.</summary>
    /// <value><see cref="SharedMemoryProcessTableOptions.DefaultTableFolder"/> (<c>/dev/shm/wtt</c> on Linux).</value>
    public string TableFolder { get; set; } = SharedMemoryProcessTableOptions.DefaultTableFolder;

    /// <summary>Gets or sets the root of the per-process state folders.</summary>
    /// <value>
    /// <see langword="null"/>: <see cref="WttDefaultFolders.StateFolder"/> (persistent: <c>/var/lib/wtt/state</c> as root,
    /// <c>$XDG_STATE_HOME/wtt/state</c> or <c>~/.local/state/wtt/state</c> otherwise) for the default table folder, <c>state</c> inside <see cref="TableFolder"/> for another one.
    /// </value>
    public string? StateFolder { get; set; }

    /// <summary>Gets or sets the number of rows of a new table (an existing table keeps its own).</summary>
    /// <value>4,096; from 1 to 65,536.</value>
    public int TableCapacity { get; set; } = SharedMemoryProcessTableOptions.DefaultCapacity;

    /// <summary>Gets or sets how long state folders are kept after their last change.</summary>
    /// <value>3 days.</value>
    public TimeSpan StateRetention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Gets the agents of other machines by name (case-insensitive), such as <c>["lab-b"] = "tcp://10.0.0.2:7447"</c> or <c>"tcps://lab-c:7448"</c> (TLS, see <see cref="Tls"/>).</summary>
    /// <value>Empty: this machine only.</value>
    public IDictionary<string, string> Machines { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the secret shared with the agents of <see cref="Machines"/>; also the agent's secret when <see cref="WttAgentOptions.SharedSecret"/> is not set.</summary>
    /// <value><see langword="null"/>: connect anonymously.</value>
    public string? SharedSecret { get; set; }

    /// <summary>Gets the TLS towards <c>tcps://</c> machines (<c>Wtt:Tls</c>): which agent certificates are trusted, and the client certificate.</summary>
    public WttClientTlsOptions Tls { get; } = new();

    /// <summary>Gets or sets how long connecting to another machine may take before it counts as unreachable.</summary>
    /// <value>5 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how calls to other machines are encoded (<c>Wtt:WireEncoding</c>: <c>MessagePack</c> or <c>Json</c>).</summary>
    /// <value><see cref="WttWireEncoding.MessagePack"/>; <c>Json</c> makes the traffic readable in a packet capture.</value>
    public WttWireEncoding WireEncoding { get; set; } = WttWireEncoding.MessagePack;
}
