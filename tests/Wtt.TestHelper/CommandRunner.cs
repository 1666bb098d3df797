// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper;

/// <summary>Runs the commands of a command line in order.</summary>
/// <remarks>
/// The READY marker is printed once: before the first blocking command, before <c>exit</c>, or when
/// the list ends, whichever comes first. After the list the process waits for the output of the
/// children it spawned to end, then exits with 0 (a hung thread keeps it running).
/// </remarks>
internal sealed class CommandRunner(CommandTable table, HelperContext context)
{
    public int Run(IReadOnlyList<string> args)
    {
        var reader = new ArgumentReader(args);
        while (!reader.AtEnd)
        {
            var name = reader.Take("a command");
            var command = table.Find(name)
                ?? throw new UsageException($"Unknown command '{name}'.");
            if (command.Run(context, reader) is { } exitCode)
            {
                context.EnsureReady();
                context.Out.Flush();
                context.Error.Flush();

                // Environment.Exit, not a return: a hung foreground thread must not keep the process alive.
                Environment.Exit(exitCode);
            }
        }

        context.EnsureReady();
        context.WaitForRelays();
        return 0;
    }
}
