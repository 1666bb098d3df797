// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wtt.Hosting;

namespace Wtt.Cli.Configuration;

/// <summary>What a command works with: the configuration, the output, and an <see cref="IWttClient"/> built by AddWttClient.</summary>
internal sealed class CliContext : IAsyncDisposable
{
    /// <summary>The machine name under which <c>wtt start</c> reaches this machine's own agent.</summary>
    public const string LocalAgentMachine = "this-machine-agent";

    private ServiceProvider? services;

    private CliContext(ParseResult parse, IConfigurationRoot configuration, TextWriter output, TextWriter error)
    {
        Parse = parse;
        Configuration = configuration;
        Output = output;
        Error = error;
        Json = parse.GetValue(GlobalOptions.Json);
    }

    /// <summary>Gets the parsed command line.</summary>
    public ParseResult Parse { get; }

    /// <summary>Gets the configuration.</summary>
    public IConfigurationRoot Configuration { get; }

    /// <summary>Gets the <c>Wtt</c> section.</summary>
    public IConfigurationSection Section => Configuration.GetSection(WttClientOptions.SectionName);

    /// <summary>Gets where results go.</summary>
    public TextWriter Output { get; }

    /// <summary>Gets where failures go.</summary>
    public TextWriter Error { get; }

    /// <summary>Gets a value indicating whether results are written as JSON.</summary>
    public bool Json { get; }

    /// <summary>Gets the client options, validated.</summary>
    public WttClientOptions Options => Services.GetRequiredService<IOptions<WttClientOptions>>().Value;

    /// <summary>Gets the client.</summary>
    public IWttClient Client => Services.GetRequiredService<IWttClient>();

    /// <summary>Gets the machine connector.</summary>
    public IMachineConnector Connector => Services.GetRequiredService<IMachineConnector>();

    private ServiceProvider Services => services ??= BuildServices();

    /// <summary>Reads the configuration for a parsed command line.</summary>
    /// <param name="parse">The command line.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where failures go.</param>
    /// <returns>The context.</returns>
    public static CliContext Create(ParseResult parse, TextWriter output, TextWriter error)
        => new(parse, CliConfiguration.Build(parse.GetValue(GlobalOptions.Config), parse.GetValue(GlobalOptions.Set) ?? []), output, error);

    /// <summary>Gets the address configured for a machine, for messages.</summary>
    /// <param name="machine">The machine.</param>
    /// <returns>The address, or <see langword="null"/>.</returns>
    public string? AddressOf(string? machine)
        => machine is null ? null : Section.GetSection("Machines").GetChildren().FirstOrDefault(c => string.Equals(c.Key, machine, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ServiceProvider BuildServices()
    {
        var collection = new ServiceCollection();
        collection.AddWttClient(Section);

        // wtt start without --machine hands the process to this machine's agent, which outlives the command and keeps its output.
        var agentEndpoint = Section.GetSection("Agent:Endpoints").GetChildren().Select(c => c.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v))
            ?? WttAgentOptions.DefaultEndpoint;
        collection.AddWttClient(o => o.Machines.TryAdd(LocalAgentMachine, agentEndpoint));
        return collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
    }
}
