// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;
using Wtt.Cli.Commands;
using Wtt.Cli.Common;
using Wtt.Cli.Configuration;

namespace Wtt.Cli;

/// <summary>The <c>wtt</c> command line: its commands, and how a usage error becomes exit code 2.</summary>
internal static class WttCommandLine
{
    /// <summary>Builds the root command.</summary>
    /// <param name="io">Where the commands write.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Create(CliIo io)
    {
        var root = new RootCommand($"""
            wtt: run this machine's Wtt agent, and list, start, follow, signal, stop and wait for processes on a lab of machines.
            Configuration: /etc/wtt/wtt.json, ~/.config/wtt/wtt.json, --config FILE, WTT_ variables (WTT_Wtt__SharedSecret,
            WTT_Wtt__Machines__lab2=tcp://10.0.0.9:7447) and --set Key=Value, in that order, all in the "Wtt" section.

            {ExitCodes.Help}
            """)
        {
            GlobalOptions.Config,
            GlobalOptions.Set,
            GlobalOptions.Json,
        };
        root.Subcommands.Add(AgentCommand.Create(io));
        root.Subcommands.Add(PsCommand.Create(io));
        root.Subcommands.Add(StartCommand.Create(io));
        root.Subcommands.Add(TailCommand.Create(io));
        root.Subcommands.Add(OutputCommand.Create(io));
        root.Subcommands.Add(SignalCommand.Create(io));
        root.Subcommands.Add(StopCommand.Create(io));
        root.Subcommands.Add(WaitCommand.Create(io));
        root.Subcommands.Add(MachinesCommand.Create(io));
        return root;
    }

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where failures go.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Create(new CliIo(output, error));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = string.Join(' ', parse.CommandResult.Command == root ? ["wtt"] : new[] { "wtt", parse.CommandResult.Command.Name });
            var messages = parse.Errors.Select(e => e.Message.TrimEnd('.')).Distinct().ToList();
            if (messages.Count > 1)
            {
                // "Required command was not provided" only repeats what an unrecognised word already says.
                messages.RemoveAll(m => m.StartsWith("Required command", StringComparison.Ordinal));
            }

            error.WriteLine($"wtt: {string.Join("; ", messages)}. See '{command} --help'.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
    }
}
