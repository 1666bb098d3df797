// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Wtt.Hosting;

/// <summary>
/// Reports the hosted agent healthy while it runs and every listener is up, unhealthy before it starts,
/// after it stops, and when a listener has died. The data maps each endpoint to the address it listens on.
/// </summary>
/// <remarks>Add it with <c>services.AddHealthChecks().AddWttAgent()</c>. Thread-safe.</remarks>
public sealed class WttAgentHealthCheck : IHealthCheck
{
    private readonly WttAgentState state;

    /// <summary>Initializes a new instance of the <see cref="WttAgentHealthCheck"/> class.</summary>
    /// <param name="services">The host's services (the agent registered by <c>AddWttAgent</c>).</param>
    /// <exception cref="InvalidOperationException">The services have no agent: call <c>services.AddWttAgent()</c>.</exception>
    public WttAgentHealthCheck(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        state = services.GetService(typeof(WttAgentState)) as WttAgentState
            ?? throw new InvalidOperationException("WttAgentHealthCheck needs the Wtt agent; call services.AddWttAgent() before adding the check.");
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var listeners = state.Listeners;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var listener in listeners)
        {
            data[listener.Endpoint] = listener.Address.ToString();
        }

        if (state.HostProcessId is { IsNil: false } id)
        {
            data["wtt.process"] = id.ToString();
        }

        if (!state.Started)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The Wtt agent is not running (the host has not started it, or has stopped it).", data: data));
        }

        var dead = listeners.Where(l => l.Died).Select(l => l.Address.ToString()).ToList();
        return Task.FromResult(dead.Count == 0
            ? HealthCheckResult.Healthy($"The Wtt agent listens on {listeners.Length} endpoint(s).", data)
            : HealthCheckResult.Unhealthy($"Wtt agent listener(s) {string.Join(", ", dead)} died; restart the host to listen again.", data: data));
    }
}
