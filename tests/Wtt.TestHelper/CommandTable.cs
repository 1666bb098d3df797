// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;
using Wtt.TestHelper.Commands;

namespace Wtt.TestHelper;

/// <summary>The commands the helper knows, by name.</summary>
internal sealed class CommandTable
{
    private readonly Dictionary<string, IHelperCommand> byName;

    public CommandTable(IEnumerable<IHelperCommand> commands)
    {
        Commands = [.. commands];
        byName = Commands.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>Gets every command of the helper. A new command is one line here and one file under Commands/.</summary>
    public static CommandTable Default { get; } = new(
    [
        new SleepCommand(),
        new ExitCommand(),
        new PrintCommand(),
        new StderrCommand(),
        new PrintLinesCommand(),
        new PrintEnvCommand(),
        new PrintPidCommand(),
        new LogCommand(),
        new LogRotateCommand(),
        new HangThreadCommand(),
        new IgnoreSigtermCommand(),
        new WaitStdinCommand(),
        new SpawnCommand(),
        new OrphanLaunchCommand(),
        new NoReadyCommand(),
        new AttachCommand(),
        new InitCommand(),
        new StopBeatingCommand(),
        new EventEchoCommand(),
        new WttLaunchCommand(),
        new IgnoreShutdownCommand(),
        new WaitShutdownCommand(),
        new BlockCommand(),
    ]);

    /// <summary>Gets the commands in help order.</summary>
    public IReadOnlyList<IHelperCommand> Commands { get; }

    /// <summary>Finds a command by name.</summary>
    public IHelperCommand? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>Builds the --help text.</summary>
    public static string HelpText()
    {
        var text = new StringBuilder()
            .AppendLine("Wtt.TestHelper: a program for real-process tests.")
            .AppendLine()
            .AppendLine("Usage: Wtt.TestHelper <command> [args] [<command> [args]]...")
            .AppendLine()
            .AppendLine("Commands run in order, in one process; arguments are separate argv entries (no shell).")
            .Append("The line ").Append(HelperContext.ReadyMarker)
            .AppendLine(" is printed once: before the first blocking command, before 'exit', or when the")
            .AppendLine("list ends, whichever comes first; spawned children's READY lines are not forwarded,")
            .AppendLine("so READY means the whole tree is set up. After the list the process waits until the")
            .AppendLine("output of its spawned children ends, then exits with 0. A bad command line exits with 64.")
            .AppendLine()
            .AppendLine("Commands:");
        foreach (var command in Default.Commands)
        {
            text.Append("  ").AppendLine($"{command.Name} {command.Arguments}".TrimEnd());
            foreach (var line in Wrap(command.Description, 90))
            {
                text.Append("      ").AppendLine(line);
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
