// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Wtt.Cli.Agent;
using Wtt.Cli.Common;

namespace Wtt.Cli.Commands;

/// <summary><c>wtt agent</c>: this machine's agent (AddWttAgent), with systemd's readiness and watchdog; <c>--print-unit</c> writes its unit.</summary>
internal static class AgentCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="io">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliIo io)
    {
        var printUnit = new Option<bool>("--print-unit") { Description = "Write a systemd unit for this installed tool to standard output, and exit." };
        var watchdog = new Option<string>("--watchdog") { Description = "The unit's WatchdogSec (with --print-unit).", DefaultValueFactory = _ => "30s" };
        var command = new Command("agent", "Run this machine's agent until stopped (Wtt:Agent settings; systemd Type=notify and watchdog aware).")
        {
            printUnit, watchdog,
        };
        return command.Runs(io, null, async (context, cancellationToken) =>
        {
            if (context.Parse.GetValue(printUnit))
            {
                await context.Output.WriteAsync(SystemdUnit.Text(Durations.Parse(context.Parse.GetValue(watchdog)!, "--watchdog"))).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var settings = new HostApplicationBuilderSettings { DisableDefaults = true, Configuration = new ConfigurationManager() };
            settings.Configuration.AddConfiguration(context.Configuration);
            var builder = Host.CreateApplicationBuilder(settings);
            builder.Logging.AddConfiguration(context.Configuration.GetSection("Logging"));
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.AddSystemd();
            builder.Services.AddWttAgent(context.Section);
            builder.Services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
            builder.Services.AddHostedService<SystemdWatchdog>();
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
    }
}
