// Copyright (c) Wtt developers. Licensed under the MIT license.

// The wire fuzzer (see README.md). Two modes:
//   Wtt.Fuzz [--cases N] [--seconds S] [--seed N]   fuzz a real agent started as a child process, print the totals
//   Wtt.Fuzz agent <port> <secret> <folder>          be that agent (a real engine with its own table folder)
using Wtt.Fuzz;

if (args.Length > 0 && args[0] == "agent")
{
    return await AgentHost.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2], args[3]).ConfigureAwait(false);
}

var settings = FuzzSettings.Parse(args);
return await FuzzRun.RunAsync(settings).ConfigureAwait(false);
