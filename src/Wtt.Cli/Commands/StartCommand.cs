// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;
using Wtt.Cli.Common;
using Wtt.Cli.Configuration;

namespace Wtt.Cli.Commands;

/// <summary><c>wtt start [--machine M] -- program args…</c>: creates a process and prints its id.</summary>
internal static class StartCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="io">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliIo io)
    {
        var machine = GlobalOptions.Machine();
        machine.Description = "The machine to run on (a name of Wtt:Machines); when left out, this machine's own agent (the first of Wtt:Agent:Endpoints) runs it, so it outlives wtt.";
        var group = new Option<string?>("--group") { Description = "The group's UUID." };
        var parent = new Option<string?>("--parent") { Description = "The parent's UUID." };
        var id = new Option<string?>("--id") { Description = "The UUID to give the process; a new one when left out." };
        var wttBased = new Option<bool>("--wtt-based") { Description = "The program uses the Wtt SDK (beats, reports initialised, handles events)." };
        var logs = new Option<string[]>("--log") { Description = "A log file to register, so wtt tail can follow it; repeatable." };
        var cwd = new Option<string?>("--cwd") { Description = "The working directory." };
        var env = new Option<string[]>("--env", "-e") { Description = "NAME=VALUE to set in its environment; repeatable." };
        var debugTimeout = new Option<string?>("--debug-timeout") { Description = "How long a Wtt-based process may go without a heartbeat (30s by default; inf ignores heartbeats)." };
        var program = new Argument<string[]>("program") { Description = "The program and its arguments, after --.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("start", "Start a process and print its id (--json: its handle).")
        {
            machine, group, parent, id, wttBased, logs, cwd, env, debugTimeout, program,
        };
        return command.Runs(io, machine, async (context, cancellationToken) =>
        {
            var p = context.Parse;
            var words = p.GetValue(program)!;
            var spec = new ProcessStartSpec(words[0])
            {
                Arguments = words[1..],
                GroupId = p.GetValue(group) is { } g ? CommandActions.ParseId(g) : default,
                ParentId = p.GetValue(parent) is { } pa ? CommandActions.ParseId(pa) : default,
                Id = p.GetValue(id) is { } i ? CommandActions.ParseId(i) : default,
                Kind = p.GetValue(wttBased) ? ProcessKind.WttBased : ProcessKind.Plain,
                LogFiles = [.. (p.GetValue(logs) ?? []).Select(Path.GetFullPath)],
                WorkingDirectory = p.GetValue(cwd) is { } dir ? Path.GetFullPath(dir) : null,
                Environment = Variables(p.GetValue(env) ?? []),
                DebugTimeout = p.GetValue(debugTimeout) is { } d ? Durations.Parse(d, "--debug-timeout") : ProcessStartSpec.DefaultDebugTimeout,
            };
            var on = p.GetValue(machine);
            WttProcessHandle handle;
            if (on is null)
            {
                // Straight to this machine's agent: it shares this machine's table, so no row is kept here for it.
                var agent = await context.Connector.GetClientAsync(CliContext.LocalAgentMachine, cancellationToken).ConfigureAwait(false);
                handle = await agent.CreateProcessAsync(spec, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                handle = await context.Client.CreateProcessAsync(spec with { Machine = on }, cancellationToken).ConfigureAwait(false);
            }

            if (context.Json)
            {
                JsonOutput.Write(context.Output, new { id = handle.Id, machine = on, fileName = spec.FileName, arguments = spec.Arguments });
            }
            else
            {
                context.Output.WriteLine(handle.Id);
            }

            return ExitCodes.Ok;
        });
    }

    private static Dictionary<string, string?> Variables(string[] pairs)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"--env '{pair}' is not NAME=VALUE.");
            }

            variables[pair[..equals]] = pair[(equals + 1)..];
        }

        return variables;
    }
}
