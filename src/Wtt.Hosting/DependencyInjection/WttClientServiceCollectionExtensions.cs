// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Wtt;
using Wtt.Core;
using Wtt.Hosting;
using Wtt.Transports;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Wtt client to a service collection.</summary>
public static class WttClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="IWttClient"/> over this machine's Wtt, with the default <see cref="WttClientOptions"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    /// <remarks>See <see cref="AddWttClient(IServiceCollection, Action{WttClientOptions})"/>.</remarks>
    public static IServiceCollection AddWttClient(this IServiceCollection services) => AddWttClientCore(services, null);

    /// <summary>
    /// Adds an <see cref="IWttClient"/> over this machine's Wtt, reaching the machines of <see cref="WttClientOptions.Machines"/>
    /// through their agents. Registers <see cref="TimeProvider.System"/>, the tcp, tcps (TLS, from <see cref="WttClientOptions.Tls"/>), pipe and memory
    /// <see cref="IWttTransport"/>s, a <see cref="MachineConnector"/> (<see cref="IMachineConnector"/>), a
    /// <see cref="LocalWttMachine"/> opened on first use, and the client; each only where none is registered yet.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same services.</returns>
    /// <remarks>Calling it again adds only <paramref name="configure"/>. Options are checked when the host starts.</remarks>
    public static IServiceCollection AddWttClient(this IServiceCollection services, Action<WttClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddWttClientCore(services, builder => builder.Configure(configure));
    }

    /// <summary>Adds an <see cref="IWttClient"/> whose options are bound from a configuration section (usually <c>Wtt</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The section, such as <c>configuration.GetSection("Wtt")</c>.</param>
    /// <returns>The same services.</returns>
    /// <remarks>See <see cref="AddWttClient(IServiceCollection, Action{WttClientOptions})"/>.</remarks>
    public static IServiceCollection AddWttClient(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddWttClientCore(services, builder => builder.Bind(section));
    }

    private static IServiceCollection AddWttClientCore(IServiceCollection services, Action<OptionsBuilder<WttClientOptions>>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WttClientOptions>();
        configure?.Invoke(options);
        if (services.Any(d => d.ServiceType == typeof(WttClientMarker)))
        {
            return services;
        }

        services.AddSingleton<WttClientMarker>();
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WttClientOptions>, WttClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWttTransport, TcpTransport>(_ => new TcpTransport()));
        if (!services.Any(d => d.ServiceType == typeof(IWttTransport) && (d.ImplementationType == typeof(TlsTcpTransport) || d.ImplementationInstance is TlsTcpTransport)))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IWttTransport, ConfiguredTlsTransport>(sp => new ConfiguredTlsTransport(sp)));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWttTransport, NamedPipeTransport>(_ => new NamedPipeTransport()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWttTransport, InMemoryTransport>(_ => InMemoryTransport.Shared));
        services.TryAddSingleton(CreateConnector);
        services.TryAddSingleton<IMachineConnector>(sp => sp.GetRequiredService<MachineConnector>());
        services.TryAddSingleton(OpenMachine);
        services.TryAddSingleton<IWttClient>(sp => new InstrumentedWttClient(sp.GetRequiredService<LocalWttMachine>().Client, served: false));
        return services;
    }

    private static MachineConnector CreateConnector(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<WttClientOptions>>().Value;
        var connector = new MachineConnectorOptions
        {
            SharedSecret = options.SharedSecret,
            ConnectTimeout = options.ConnectTimeout,
            LocalMachineName = options.MachineName,
            Encoding = options.WireEncoding,
        };
        foreach (var (machine, address) in options.Machines)
        {
            connector.Machines[machine] = new Uri(address, UriKind.Absolute);
        }

        return new MachineConnector(connector, services.GetServices<IWttTransport>(), services.GetRequiredService<TimeProvider>());
    }

    private static LocalWttMachine OpenMachine(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<WttClientOptions>>().Value;
        var machine = new LocalWttMachineOptions
        {
            TableFolder = options.TableFolder,
            StateFolder = options.StateFolder,
            Capacity = options.TableCapacity,
            StateRetention = options.StateRetention,
            Client = new LocalWttClientOptions { MachineName = options.MachineName },
        };
        return LocalWttMachine.Open(machine, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IMachineConnector>());
    }
}
