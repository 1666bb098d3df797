// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Wtt.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes a host a Wtt agent: it serves this machine's processes to other machines.</summary>
public static class WttAgentServiceCollectionExtensions
{
    /// <summary>Adds the Wtt client and the hosted agent with the default <see cref="WttAgentOptions"/> (loopback tcp; a secret is still needed).</summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    /// <remarks>See <see cref="AddWttAgent(IServiceCollection, Action{WttAgentOptions})"/>.</remarks>
    public static IServiceCollection AddWttAgent(this IServiceCollection services) => AddWttAgentCore(services, null, null);

    /// <summary>
    /// Adds the Wtt client (<see cref="WttClientServiceCollectionExtensions.AddWttClient(IServiceCollection)"/>) and a hosted
    /// service that registers the host as a Wtt-based process and serves this machine on every endpoint of
    /// <see cref="WttAgentOptions.Endpoints"/>. Add <see cref="WttAgentHealthCheck"/> with
    /// <c>services.AddHealthChecks().AddWttAgentCheck()</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the agent options.</param>
    /// <returns>The same services.</returns>
    /// <remarks>Calling it again adds only <paramref name="configure"/>. Options are checked when the host starts; a remote tcp endpoint without a secret fails the start.</remarks>
    public static IServiceCollection AddWttAgent(this IServiceCollection services, Action<WttAgentOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddWttAgentCore(services, null, builder => builder.Configure(configure));
    }

    /// <summary>
    /// Adds the Wtt client and the hosted agent, binding <see cref="WttClientOptions"/> from <paramref name="section"/> (usually
    /// <c>Wtt</c>) and <see cref="WttAgentOptions"/> from its <c>Agent</c> child.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The section, such as <c>configuration.GetSection("Wtt")</c>.</param>
    /// <returns>The same services.</returns>
    /// <remarks>See <see cref="AddWttAgent(IServiceCollection, Action{WttAgentOptions})"/>.</remarks>
    public static IServiceCollection AddWttAgent(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddWttAgentCore(services, section, builder => builder.Bind(section.GetSection("Agent")));
    }

    private static IServiceCollection AddWttAgentCore(IServiceCollection services, IConfigurationSection? clientSection, Action<OptionsBuilder<WttAgentOptions>>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (clientSection is null)
        {
            services.AddWttClient();
        }
        else
        {
            services.AddWttClient(clientSection);
        }

        var options = services.AddOptions<WttAgentOptions>();
        configure?.Invoke(options);
        if (services.Any(d => d.ServiceType == typeof(WttAgentMarker)))
        {
            return services;
        }

        services.AddSingleton<WttAgentMarker>();
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WttAgentOptions>, WttAgentOptionsValidator>());
        services.TryAddSingleton<WttAgentState>();
        services.TryAddSingleton<WttAgentHealthCheck>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WttAgentHostedService>());
        return services;
    }
}
