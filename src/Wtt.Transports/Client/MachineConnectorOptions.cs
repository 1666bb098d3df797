// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>The static map of machines to agent addresses that <see cref="MachineConnector"/> reads.</summary>
public sealed class MachineConnectorOptions
{
    /// <summary>Gets the agents by machine name (case-insensitive), such as <c>["lab-b"] = tcp://10.0.0.2:7177</c>.</summary>
    public IDictionary<string, Uri> Machines { get; } = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets how long connecting (and reconnecting after a loss) may take before the machine counts as unreachable.</summary>
    /// <value>5 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the secret shared with the agents; <see langword="null"/> connects anonymously.</summary>
    public string? SharedSecret { get; set; }

    /// <summary>Gets or sets this machine's name; calls about it are local.</summary>
    /// <value><see langword="null"/>: <see cref="Environment.MachineName"/>.</value>
    public string? LocalMachineName { get; set; }

    /// <summary>Gets or sets the largest message accepted, in bytes.</summary>
    /// <value>8 MiB.</value>
    public int MaxMessageBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Gets or sets how JSON-RPC messages to the agents are encoded; an agent that offers only JSON gets JSON.</summary>
    /// <value><see cref="WttWireEncoding.MessagePack"/>.</value>
    public WttWireEncoding Encoding { get; set; } = WttWireEncoding.MessagePack;

    /// <summary>Checks the options.</summary>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>, naming the option.</exception>
    public void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero && ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            throw WttException.InvalidArgument($"MachineConnectorOptions.ConnectTimeout is {ConnectTimeout}; give a positive time.");
        }

        if (!Enum.IsDefined(Encoding))
        {
            throw WttException.InvalidArgument($"MachineConnectorOptions.Encoding is {Encoding}; use MessagePack or Json.");
        }

        foreach (var (machine, address) in Machines)
        {
            if (string.IsNullOrWhiteSpace(machine) || address is null || !address.IsAbsoluteUri)
            {
                throw WttException.InvalidArgument($"MachineConnectorOptions.Machines has '{machine}' -> '{address}'; give a name and an absolute address such as tcp://host:port.");
            }
        }
    }
}
