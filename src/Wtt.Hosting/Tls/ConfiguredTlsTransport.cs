// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wtt.Transports;

namespace Wtt.Hosting;

/// <summary>
/// The <c>tcps://</c> transport registered by <c>AddWttClient</c>: a <see cref="TlsTcpTransport"/> built from
/// <c>Wtt:Tls</c> (and, to listen, <c>Wtt:Agent:Tls</c>) on first use, after the options were validated at start.
/// </summary>
/// <remarks>Building it late keeps the validators, which list the transports' schemes, from reading the options they validate.</remarks>
/// <param name="services">Resolves the options and the clock on first use.</param>
internal sealed class ConfiguredTlsTransport(IServiceProvider services) : IWttTransport
{
    private readonly Lazy<TlsTcpTransport> caller = new(() => Build(services, listening: false));
    private readonly Lazy<TlsTcpTransport> agent = new(() => Build(services, listening: true));

    /// <inheritdoc/>
    public string Scheme => "tcps";

    /// <summary>Gets the transport that listens, with the agent's certificate.</summary>
    public TlsTcpTransport Agent => agent.Value;

    /// <inheritdoc/>
    public ValueTask<Stream> ConnectAsync(Uri address, CancellationToken cancellationToken = default) => caller.Value.ConnectAsync(address, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IWttListener> ListenAsync(Uri address, CancellationToken cancellationToken = default) => Agent.ListenAsync(address, cancellationToken);

    private static TlsTcpTransport Build(IServiceProvider services, bool listening)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();
        var failures = new List<string>();
        var client = TlsSettings.Client(services.GetRequiredService<IOptions<WttClientOptions>>().Value.Tls, now, failures);
        var server = listening ? TlsSettings.Server(services.GetRequiredService<IOptions<WttAgentOptions>>().Value.Tls, now, failures) : null;
        return failures.Count > 0
            ? throw WttException.InvalidArgument(string.Join(" ", failures))
            : new TlsTcpTransport(server, client, time);
    }
}
