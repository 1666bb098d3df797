// Copyright (c) Wtt developers. Licensed under the MIT license.

// The wtt command line: `wtt --help` lists the commands, src/Wtt.Cli/README.md the exit codes.
return await Wtt.Cli.WttCommandLine.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
