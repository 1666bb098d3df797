// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Wtt.Cli.Common;
using Wtt.Cli.Configuration;

namespace Wtt.Cli.Commands;

/// <summary>Writes a <see cref="SignalResult"/> (of <c>signal</c> or <c>stop</c>) and picks the exit code.</summary>
internal static class SignalOutput
{
    /// <summary>Writes the per-process outcomes.</summary>
    /// <param name="context">The command's context.</param>
    /// <param name="result">The result.</param>
    /// <returns><see cref="ExitCodes.Ok"/>, or <see cref="ExitCodes.NotSatisfied"/> when a process's machine could not be reached.</returns>
    public static int Write(CliContext context, SignalResult result)
    {
        var failed = result.Entries.Any(e => e.Outcome == SignalOutcome.Unreachable);
        if (context.Json)
        {
            JsonOutput.Write(context.Output, new
            {
                ok = !failed,
                entries = result.Entries.Select(e => new { id = e.Id, machine = e.Machine ?? context.Client.MachineName, outcome = e.Outcome, status = e.Status, exitCode = e.ExitCode }),
            });
        }
        else
        {
            var table = new TextTable("ID", "MACHINE", "OUTCOME", "STATUS", "EXIT");
            foreach (var e in result.Entries)
            {
                table.Add(e.Id.ToString(), e.Machine ?? context.Client.MachineName, e.Outcome.ToString(), e.Status.ToString(), e.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-");
            }

            table.WriteTo(context.Output);
        }

        return failed ? ExitCodes.NotSatisfied : ExitCodes.Ok;
    }
}
