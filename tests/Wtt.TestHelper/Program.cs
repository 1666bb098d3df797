// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper;

/// <summary>
/// Entry point of the test helper: runs the commands given as arguments, in order, in one process.
/// </summary>
/// <remarks>
/// Example: <c>Wtt.TestHelper print-pid ignore-sigterm print hello sleep 60000 exit 3</c>.
/// Run with <c>--help</c> for the list of commands.
/// </remarks>
internal static class Program
{
    /// <summary>The exit code for a command line the helper cannot read.</summary>
    internal const int UsageExitCode = 64;

    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.Write(CommandTable.HelpText());
            return args.Length == 0 ? UsageExitCode : 0;
        }

        var context = new HelperContext();
        try
        {
            return new CommandRunner(CommandTable.Default, context).Run(args);
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"Wtt.TestHelper: {ex.Message} Run with --help for the commands.");
            return UsageExitCode;
        }
    }
}
