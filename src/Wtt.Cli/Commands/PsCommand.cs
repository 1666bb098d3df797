// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;
using Wtt.Cli.Common;
using Wtt.Cli.Configuration;

namespace Wtt.Cli.Commands;

/// <summary><c>wtt ps</c>: a machine's process table.</summary>
internal static class PsCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="io">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliIo io)
    {
        var machine = GlobalOptions.Machine();
        var tree = new Option<string?>("--tree") { Description = "Only this process (a UUID) and its descendants." };
        var group = new Option<string?>("--group") { Description = "Only the members of this group (a UUID)." };
        var resolve = new Option<bool>("--resolve") { Description = "Refresh rows of processes on other machines from their agents." };
        var command = new Command("ps", "List a machine's processes: machine, id, parent, group, kind, status, pid, exit code, heartbeat age, command.")
        {
            machine, tree, group, resolve,
        };
        return command.Runs(io, machine, async (context, cancellationToken) =>
        {
            var on = context.Parse.GetValue(machine);
            ProcessSet? filter = null;
            if (context.Parse.GetValue(tree) is { } root)
            {
                filter = ProcessSet.Tree(new WttProcessHandle(CommandActions.ParseId(root), on));
            }

            if (context.Parse.GetValue(group) is { } members)
            {
                filter = filter is null ? ProcessSet.Group(CommandActions.ParseId(members), on) : throw new CliException("--tree and --group cannot be combined; give one.");
            }

            var list = await context.Client.GetProcessListAsync(
                new ProcessListOptions { Machine = on, Filter = filter, ResolveRemote = context.Parse.GetValue(resolve), IncludeDetails = true },
                cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(context.Output, list.Select(p => ProcessView.Of(p, on ?? context.Client.MachineName)).ToList());
                return ExitCodes.Ok;
            }

            var table = new TextTable("MACHINE", "ID", "PARENT", "GROUP", "KIND", "STATUS", "PID", "EXIT", "BEAT", "COMMAND");
            foreach (var p in list)
            {
                table.Add(
                    p.Machine ?? on ?? context.Client.MachineName,
                    p.Id.ToString(),
                    Short(p.ParentId),
                    Short(p.GroupId),
                    p.Kind == ProcessKind.WttBased ? "wtt" : "plain",
                    p.Status.ToString(),
                    p.Pid == 0 ? "-" : p.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    p.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                    p.HeartbeatAge is { } age ? Durations.Format(age) : "-",
                    string.Join(' ', p.Arguments.Prepend(p.FileName ?? "?")));
            }

            table.WriteTo(context.Output);
            return ExitCodes.Ok;
        });
    }

    private static string Short(WttProcessId id) => id.IsNil ? "-" : id.ToString()[..8];
}
