// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;

namespace Wtt.Cli.Commands;

/// <summary><c>wtt signal [--event NAME] [--payload TEXT] IDS…|--tree ID|--group ID</c>: sends a global event.</summary>
internal static class SignalCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="io">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliIo io)
    {
        var set = new SetOptions();
        var name = new Option<string>("--event") { Description = "The event: Shutdown (SIGTERM for plain processes), Terminate (SIGKILL), or a name of your own.", DefaultValueFactory = _ => "Shutdown" };
        var payload = new Option<string?>("--payload") { Description = "A text payload (up to 4 KiB) for an event of your own." };
        var command = set.AddTo(new Command("signal", "Send an event to processes and print each one's outcome.") { name, payload });
        return command.Runs(io, set.Machine, async (context, cancellationToken) =>
        {
            var processes = await set.ReadAsync(context, cancellationToken).ConfigureAwait(false);
            var text = context.Parse.GetValue(payload);
            var signal = WttSignal.Create(context.Parse.GetValue(name)!, text ?? string.Empty);
            var result = await context.Client.SignalAsync(processes, signal, cancellationToken).ConfigureAwait(false);
            return SignalOutput.Write(context, result);
        });
    }
}
