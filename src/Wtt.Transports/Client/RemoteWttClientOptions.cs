// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports.Handshake;

namespace Wtt.Transports;

/// <summary>How a <see cref="RemoteWttClient"/> connects and names what it gets back.</summary>
public sealed class RemoteWttClientOptions
{
    /// <summary>Gets or sets the secret shared with the agent; <see langword="null"/> connects anonymously.</summary>
    public string? SharedSecret { get; set; }

    /// <summary>Gets or sets the name results are reported under; <see langword="null"/> for the name the agent reports.</summary>
    public string? MachineName { get; set; }

    /// <summary>Gets or sets this caller's machine name, sent in the handshake.</summary>
    /// <value><see cref="Environment.MachineName"/>.</value>
    public string CallerMachineName { get; set; } = Environment.MachineName;

    /// <summary>Gets or sets this caller's instance id, under which the agent journals its calls; keep it across reconnections.</summary>
    /// <value>A new id per <see cref="RemoteWttClientOptions"/>.</value>
    public Guid CallerInstanceId { get; set; } = Guid.NewGuid();

    /// <summary>Gets or sets the largest message accepted, in bytes.</summary>
    /// <value>8 MiB.</value>
    public int MaxMessageBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Gets or sets a value indicating whether output streams travel as raw bytes in the channels of a second, multiplexed connection (tests and benchmarks turn it off to use the enumerable on the calls' connection, as other clients do).</summary>
    internal bool UseMultiplexing { get; set; } = true;

    /// <summary>Gets or sets how the caller asks the agent to encode JSON-RPC messages; an agent that offers only JSON gets JSON.</summary>
    /// <value><see cref="WttWireEncoding.MessagePack"/>, which costs both sides less per call than JSON text.</value>
    public WttWireEncoding Encoding { get; set; } = WttWireEncoding.MessagePack;

    /// <summary>Gets the handshake feature that asks for <see cref="Encoding"/>, which both of a client's connections ask for.</summary>
    internal WireFeatures EncodingFeature => Encoding == WttWireEncoding.MessagePack ? WireFeatures.MessagePack : WireFeatures.None;

    /// <summary>Gets or sets the protocol version announced (tests use another to see the refusal).</summary>
    internal int ProtocolVersion { get; set; } = WttProtocol.Version;
}
