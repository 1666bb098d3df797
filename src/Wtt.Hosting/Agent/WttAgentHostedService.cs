// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wtt.Core;
using Wtt.Transports;

namespace Wtt.Hosting;

/// <summary>
/// The hosted agent: opens the machine, registers the host as a Wtt-based process, listens on every
/// endpoint and, once listening, reports the host initialised. Stopping closes the listeners, then the attachment.
/// </summary>
/// <param name="services">Resolves the machine when the host starts, not when it is built.</param>
/// <param name="options">The client options (machine name, secret fallback).</param>
/// <param name="agentOptions">The agent options.</param>
/// <param name="transports">The registered transports.</param>
/// <param name="state">What the health check reads.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The log.</param>
internal sealed class WttAgentHostedService(
    IServiceProvider services,
    IOptions<WttClientOptions> options,
    IOptions<WttAgentOptions> agentOptions,
    IEnumerable<IWttTransport> transports,
    WttAgentState state,
    TimeProvider time,
    ILogger<WttAgentHostedService> logger) : IHostedService
{
    private WttProcess? attachment;

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var wtt = options.Value;
        var agent = agentOptions.Value;
        var machine = services.GetRequiredService<LocalWttMachine>();
        Log.AgentStarting(logger, wtt.MachineName, machine.Options.TableFolder);
        try
        {
            if (agent.RegisterHost)
            {
                attachment = await WttProcess.AttachAsync(
                    new WttProcessAttachOptions { TableFolder = machine.Options.TableFolder, StateFolder = machine.Options.ResolvedStateFolder, Time = time },
                    cancellationToken).ConfigureAwait(false);
                state.HostProcessId = attachment.Id;
                if (machine.Options.Client.SelfId.IsNil)
                {
                    // The host's own client now answers for the host and parents what the host creates.
                    machine.Options.Client.SelfId = attachment.Id;
                }

                Log.HostRegistered(logger, attachment.Id, wtt.MachineName);
            }

            // Remote callers see the agent as the current process, but what they create without a parent is theirs.
            var served = new InstrumentedWttClient(machine.Client.ForCaller(machine.Options.Client.SelfId, adoptsCreatedProcesses: false), served: true);
            var secret = agent.SharedSecret ?? wtt.SharedSecret;
            foreach (var endpoint in agent.EffectiveEndpoints())
            {
                var address = new Uri(endpoint, UriKind.Absolute);
                var transport = transports.First(t => string.Equals(t.Scheme, address.Scheme, StringComparison.OrdinalIgnoreCase));
                var serverOptions = new WttAgentServerOptions
                {
                    Security = { SharedSecret = secret, AllowAnonymous = agent.AllowAnonymous },
                    MaxConcurrentCallsPerConnection = agent.MaxConcurrentCallsPerConnection,
                    MaxMessageBytes = agent.MaxMessageBytes,
                    JournalFolder = WttDefaultFolders.ResolveJournalFolder(machine.Options.TableFolder, agent.JournalFolder),
                    MachineName = wtt.MachineName,
                    TimeProvider = time,
                    ConnectionRefused = refusal =>
                    {
                        Log.CallerRefused(logger, refusal.Address, refusal.Code, refusal.Reason);
                        WttTelemetry.CallersRefused.Add(1, new KeyValuePair<string, object?>("wtt.error.code", refusal.Code.ToString()));
                    },
                };
                WttAgentServer server;
                try
                {
                    var listening = transport is ConfiguredTlsTransport configured ? configured.Agent : transport;
                    server = await WttAgentServer.StartAsync(served, listening, address, serverOptions, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WttException or IOException or System.Net.Sockets.SocketException)
                {
                    Log.StartFailed(logger, ex, endpoint);
                    throw;
                }

                var listener = new WttAgentListener(endpoint, server);
                state.Add(listener);
                Log.ListenerStarted(logger, server.Address, endpoint, agent.AllowAnonymous && string.IsNullOrEmpty(secret));
                _ = WatchAsync(listener);
            }

            if (attachment is not null)
            {
                await attachment.ReportInitializedAsync(cancellationToken).ConfigureAwait(false);
            }

            state.Started = true;
        }
        catch
        {
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        state.Started = false;
        var closed = await CloseAsync().ConfigureAwait(false);
        Log.AgentStopped(logger, closed);
    }

    private async Task<int> CloseAsync()
    {
        var listeners = state.Clear();
        foreach (var listener in listeners)
        {
            listener.Stopping = true;
        }

        foreach (var listener in listeners)
        {
            try
            {
                await listener.Server.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WttException or IOException or ObjectDisposedException)
            {
                Log.StopFailed(logger, ex, listener.Endpoint);
            }
        }

        if (Interlocked.Exchange(ref attachment, null) is { } attached)
        {
            try
            {
                await attached.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WttException or IOException or ObjectDisposedException)
            {
                Log.StopFailed(logger, ex, "the host's attachment");
            }
        }

        return listeners.Length;
    }

    private async Task WatchAsync(WttAgentListener listener)
    {
        Exception? error = null;
        try
        {
            await listener.Server.Completion.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever ended the listener is logged; the health check reports it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = ex;
        }

        if (!listener.Stopping)
        {
            WttTelemetry.ListenerFailures.Add(1);
            Log.ListenerFailed(logger, error, listener.Address);
        }
    }
}
