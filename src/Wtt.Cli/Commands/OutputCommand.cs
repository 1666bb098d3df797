// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;

namespace Wtt.Cli.Commands;

/// <summary><c>wtt output [-f] [--no-stderr] ID</c>: a process's captured console output.</summary>
internal static class OutputCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="io">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliIo io)
    {
        var noStderr = new Option<bool>("--no-stderr") { Description = "Leave standard error out." };
        return StreamCommands.Create(io, "output", "Print a process's captured console output; -f follows it until the process ends.", [noStderr], (context, handle, follow, cancellationToken) =>
            context.Client.ReadOutputAsync(handle, new OutputReadOptions { Follow = follow, IncludeStandardError = !context.Parse.GetValue(noStderr) }, cancellationToken));
    }
}
