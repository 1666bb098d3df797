// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;

namespace Wtt.Cli.Commands;

/// <summary><c>wtt tail [-f] [--log NAME] [--last BYTES] ID</c>: a registered log file of a process, from any machine.</summary>
internal static class TailCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="io">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliIo io)
    {
        var log = new Option<string?>("--log") { Description = "The registered log's name or path; the first registered log when left out." };
        var last = new Option<long?>("--last") { Description = "Start with the last N bytes instead of the whole file." };
        return StreamCommands.Create(io, "tail", "Print a registered log file of a process; -f follows it like tail -f.", [log, last], (context, handle, follow, cancellationToken) =>
        {
            var options = new TailOptions
            {
                LogName = context.Parse.GetValue(log),
                Follow = follow,
                Start = context.Parse.GetValue(last) is null ? TailStart.Beginning : TailStart.LastBytes,
                Offset = context.Parse.GetValue(last) ?? 0,
            };
            return context.Client.TailLogAsync(handle, options, cancellationToken);
        });
    }
}
