// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;
using System.Globalization;
using Wtt.Cli.Common;

namespace Wtt.Cli.Commands;

/// <summary><c>wtt wait --all|--any --initialized|--exited --timeout 1m IDS…|--tree ID|--group ID</c>.</summary>
internal static class WaitCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="io">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliIo io)
    {
        var set = new SetOptions();
        var all = new Option<bool>("--all") { Description = "Every process must reach the target (the default)." };
        var any = new Option<bool>("--any") { Description = "One process reaching the target is enough." };
        var initialized = new Option<bool>("--initialized") { Description = "Wait until they report initialised (a plain process: once it runs)." };
        var exited = new Option<bool>("--exited") { Description = "Wait until they end (the default)." };
        var timeout = new Option<string>("--timeout") { Description = "How long to wait (5s, 2m …; inf, the default, waits forever).", DefaultValueFactory = _ => "inf" };
        var debugTimeout = new Option<string?>("--debug-timeout") { Description = "How long a Wtt-based process may miss heartbeats; each process's own when left out." };
        var command = set.AddTo(new Command("wait", "Wait for processes to initialise or exit; exit code 1 when the wait is not satisfied.")
        {
            all, any, initialized, exited, timeout, debugTimeout,
        });
        return command.Runs(io, set.Machine, async (context, cancellationToken) =>
        {
            var p = context.Parse;
            if (p.GetValue(all) && p.GetValue(any))
            {
                throw new CliException("--all and --any cannot be combined; give one.");
            }

            if (p.GetValue(initialized) && p.GetValue(exited))
            {
                throw new CliException("--initialized and --exited cannot be combined; give one.");
            }

            var options = new WaitOptions
            {
                Mode = p.GetValue(any) ? WaitMode.Any : WaitMode.All,
                Target = p.GetValue(initialized) ? WaitTarget.Initialized : WaitTarget.Exited,
                Timeout = Durations.Parse(p.GetValue(timeout)!, "--timeout"),
                DebugTimeout = p.GetValue(debugTimeout) is { } d ? Durations.Parse(d, "--debug-timeout") : null,
            };
            var processes = await set.ReadAsync(context, cancellationToken).ConfigureAwait(false);
            var result = await context.Client.WaitAsync(processes, options, cancellationToken).ConfigureAwait(false);
            Write(context, result);
            return result.IsSatisfied ? ExitCodes.Ok : ExitCodes.NotSatisfied;
        });
    }

    private static void Write(Configuration.CliContext context, WaitResult result)
    {
        var here = context.Client.MachineName;
        if (context.Json)
        {
            JsonOutput.Write(context.Output, new
            {
                outcome = result.Outcome,
                satisfied = result.IsSatisfied,
                index = result.Index,
                entries = result.Entries.Select(e => new { id = e.Id, machine = e.Machine ?? here, outcome = e.Outcome, status = e.Status, exitCode = e.ExitCode }),
            });
            return;
        }

        var table = new TextTable("ID", "MACHINE", "OUTCOME", "STATUS", "EXIT");
        foreach (var e in result.Entries)
        {
            table.Add(e.Id.ToString(), e.Machine ?? here, e.Outcome.ToString(), e.Status.ToString(), e.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-");
        }

        table.WriteTo(context.Output);
        context.Output.WriteLine(result.IsSatisfied ? "wait: Satisfied" : $"wait: {result.Outcome} (process #{result.Index})");
    }
}
