// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wtt.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Wtt agent's health check.</summary>
public static class WttHealthChecksBuilderExtensions
{
    /// <summary>Adds <see cref="WttAgentHealthCheck"/>: unhealthy when the agent is not running or a listener died.</summary>
    /// <param name="builder">The health checks.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns>The same builder.</returns>
    /// <remarks>Needs <see cref="WttAgentServiceCollectionExtensions.AddWttAgent(IServiceCollection)"/>.</remarks>
    public static IHealthChecksBuilder AddWttAgentCheck(this IHealthChecksBuilder builder, string name = "wtt-agent", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.AddCheck<WttAgentHealthCheck>(name, HealthStatus.Unhealthy, tags ?? []);
    }
}
