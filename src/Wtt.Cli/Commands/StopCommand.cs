// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;
using System.Runtime.InteropServices;
using Wtt.Cli.Common;

namespace Wtt.Cli.Commands;

/// <summary><c>wtt stop [--grace 5s] IDS…|--tree ID|--group ID</c>: stops processes politely, then by force.</summary>
internal static class StopCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="io">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliIo io)
    {
        var set = new SetOptions();
        var grace = new Option<string>("--grace") { Description = "How long to wait after the polite stop before killing each whole tree (0 kills at once, inf never kills).", DefaultValueFactory = _ => "10s" };
        var polite = new Option<string>("--signal") { Description = "The polite signal for plain processes: SIGTERM, SIGINT, SIGHUP, SIGQUIT, or none.", DefaultValueFactory = _ => "SIGTERM" };
        var command = set.AddTo(new Command("stop", "Stop processes (Shutdown or the polite signal, then a forced kill after --grace) and print how each ended.") { grace, polite });
        return command.Runs(io, set.Machine, async (context, cancellationToken) =>
        {
            var options = new TerminateOptions
            {
                GracePeriod = Durations.Parse(context.Parse.GetValue(grace)!, "--grace"),
                PoliteSignal = PoliteSignal(context.Parse.GetValue(polite)!),
            };
            var processes = await set.ReadAsync(context, cancellationToken).ConfigureAwait(false);
            var result = await context.Client.TerminateAsync(processes, options, cancellationToken).ConfigureAwait(false);
            return SignalOutput.Write(context, result);
        });
    }

    private static PosixSignal? PoliteSignal(string name) => name.ToUpperInvariant() switch
    {
        "SIGTERM" or "TERM" => PosixSignal.SIGTERM,
        "SIGINT" or "INT" => PosixSignal.SIGINT,
        "SIGHUP" or "HUP" => PosixSignal.SIGHUP,
        "SIGQUIT" or "QUIT" => PosixSignal.SIGQUIT,
        "NONE" => null,
        _ => throw new CliException($"--signal '{name}' is not one of SIGTERM, SIGINT, SIGHUP, SIGQUIT, none."),
    };
}
