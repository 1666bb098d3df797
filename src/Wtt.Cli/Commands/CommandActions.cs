// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;
using Wtt.Cli.Common;
using Wtt.Cli.Configuration;

namespace Wtt.Cli.Commands;

/// <summary>Gives a command its action: make the context, run, and turn any failure into one line and an exit code.</summary>
internal static class CommandActions
{
    /// <summary>Sets the action of <paramref name="command"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="io">Where output and failures go.</param>
    /// <param name="machine">The option naming the machine the command is about, if any (for messages).</param>
    /// <param name="body">What the command does; returns the exit code.</param>
    /// <returns>The command.</returns>
    public static Command Runs(this Command command, CliIo io, Option<string?>? machine, Func<CliContext, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            CliContext? context = null;
            try
            {
                context = CliContext.Create(parse, io.Output, io.Error);
                return await body(context, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Every failure becomes one line and an exit code, never a stack trace.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return Failures.Report(io.Error, context, machine is null ? null : parse.GetValue(machine), ex);
            }
            finally
            {
                if (context is not null)
                {
                    await context.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
        return command;
    }

    /// <summary>Reads a process id argument.</summary>
    /// <param name="text">The text: a UUID.</param>
    /// <returns>The id.</returns>
    /// <exception cref="CliException">Not a UUID.</exception>
    public static WttProcessId ParseId(string text)
        => WttProcessId.TryParse(text, null, out var id) && !id.IsNil
            ? id
            : throw new CliException($"'{text}' is not a process id; give the UUID that wtt start or wtt ps printed.");
}

/// <summary>Where the commands write.</summary>
/// <param name="Output">Results.</param>
/// <param name="Error">Failures.</param>
internal sealed record CliIo(TextWriter Output, TextWriter Error);
