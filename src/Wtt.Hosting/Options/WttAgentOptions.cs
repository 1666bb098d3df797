// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core;

namespace Wtt.Hosting;

/// <summary>
/// How a host serves its machine to others. Bound from the <c>Wtt:Agent</c> configuration section by
/// <c>AddWttAgent(IConfigurationSection)</c>. Closed by default: a listener needs a shared secret, or a <c>tcps://</c>
/// endpoint that requires client certificates (<see cref="Tls"/>), or <see cref="AllowAnonymous"/> on loopback tcp, a pipe or memory.
/// </summary>
public sealed class WttAgentOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "Wtt:Agent";

    /// <summary>The endpoint listened on when <see cref="Endpoints"/> is left empty.</summary>
    public const string DefaultEndpoint = "tcp://127.0.0.1:7447";

    /// <summary>Gets the addresses to listen on, one listener each: <c>tcp://host:port</c>, <c>tcps://host:port</c> (TLS, see <see cref="Tls"/>), <c>pipe://name</c>, <c>memory://name</c>, or a custom transport's scheme.</summary>
    /// <value>Empty, which means <see cref="DefaultEndpoint"/> (loopback only).</value>
    public IList<string> Endpoints { get; } = [];

    /// <summary>Gets or sets a value indicating whether callers without the secret are served (only on loopback tcp, pipes and memory).</summary>
    /// <value><see langword="false"/>.</value>
    public bool AllowAnonymous { get; set; }

    /// <summary>Gets or sets the secret callers must prove.</summary>
    /// <value><see langword="null"/>: <see cref="WttClientOptions.SharedSecret"/>.</value>
    public string? SharedSecret { get; set; }

    /// <summary>Gets or sets a value indicating whether the host registers itself in the table as a Wtt-based process, with heartbeats, and reports itself initialised once listening.</summary>
    /// <value><see langword="true"/>.</value>
    public bool RegisterHost { get; set; } = true;

    /// <summary>Gets or sets how many calls may run at once on one connection.</summary>
    /// <value>256; at least 1.</value>
    public int MaxConcurrentCallsPerConnection { get; set; } = 256;

    /// <summary>Gets or sets the largest message accepted or sent, in bytes.</summary>
    /// <value>8 MiB; at least 1,024.</value>
    public int MaxMessageBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Gets or sets a folder for the call journal, so a restarted agent can tell callers which calls it did not finish.</summary>
    /// <value>
    /// <see langword="null"/>: <see cref="WttDefaultFolders.JournalFolder"/> (persistent: <c>/var/lib/wtt/journal</c> as root,
    /// <c>~/.local/state/wtt/journal</c> otherwise) for the default table folder, <c>journal</c> inside the table folder for another one.
    /// </value>
    public string? JournalFolder { get; set; }

    /// <summary>Gets the TLS of <c>tcps://</c> endpoints (<c>Wtt:Agent:Tls</c>): the agent's certificate and the client certificates it accepts.</summary>
    public WttAgentTlsOptions Tls { get; } = new();

    /// <summary>Gets the endpoints to listen on, with the default when none is set.</summary>
    /// <returns>The endpoints.</returns>
    public IReadOnlyList<string> EffectiveEndpoints() => Endpoints.Count == 0 ? [DefaultEndpoint] : [.. Endpoints];
}
