// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports;

namespace Wtt.Hosting;

/// <summary>What an <see cref="InProcessLab"/> is made of.</summary>
public sealed class InProcessLabOptions
{
    /// <summary>Gets or sets the folder under which each machine gets a table folder of its own.</summary>
    /// <value><see langword="null"/>: a fresh folder under <c>/dev/shm/wtt-lab</c> on Linux (the temp folder elsewhere), deleted when the lab is disposed.</value>
    public string? Root { get; set; }

    /// <summary>Gets or sets the name of the machine the lab's client runs on (the test script's machine).</summary>
    /// <value><c>lab</c>.</value>
    public string ScriptMachine { get; set; } = "lab";

    /// <summary>Gets the names of the machines started in this process, each with its own table and an agent.</summary>
    /// <value>Empty: only <see cref="RemoteAgents"/>.</value>
    public IList<string> Machines { get; } = [];

    /// <summary>Gets agents that already run elsewhere: machine name to address. They need <see cref="SharedSecret"/>.</summary>
    public IDictionary<string, Uri> RemoteAgents { get; } = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the transport the in-process agents listen on.</summary>
    /// <value><see langword="null"/>: tcp on loopback.</value>
    public IWttTransport? Transport { get; set; }

    /// <summary>Gets or sets the address an in-process agent listens on, from its machine name.</summary>
    /// <value><see langword="null"/>: <c>tcp://127.0.0.1:0</c> for tcp, <c>memory://</c> or <c>pipe://</c> with a fresh name otherwise.</value>
    public Func<string, Uri>? ListenAddress { get; set; }

    /// <summary>Gets the transports the script machine's connector reaches the agents with.</summary>
    /// <value>Empty: <see cref="Transport"/> (with tcp and pipe for <see cref="RemoteAgents"/>).</value>
    public IList<IWttTransport> ConnectorTransports { get; } = [];

    /// <summary>Gets or sets the secret the agents demand and the connector proves.</summary>
    /// <value><see langword="null"/>: a random one for the lab's in-process agents; remote agents need it set.</value>
    public string? SharedSecret { get; set; }

    /// <summary>Gets or sets how the script machine's connector encodes its calls to the agents.</summary>
    /// <value><see cref="WttWireEncoding.MessagePack"/>.</value>
    public WttWireEncoding WireEncoding { get; set; } = WttWireEncoding.MessagePack;

    /// <summary>Gets or sets the number of rows of each machine's table.</summary>
    /// <value>256.</value>
    public int Capacity { get; set; } = 256;

    /// <summary>Gets or sets the clock of every machine of the lab.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
