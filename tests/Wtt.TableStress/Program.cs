// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Wtt;
using Wtt.Core;

// Usage:
//   stress <folder> <worker> <threads> <rowsPerThread>   add, stamp, update and remove rows; print "KEEP <id>" per kept row, then "DONE"
//   post <folder> <id>                                    post a Shutdown event to a row and add a row; print "DONE"
//   hold-global <folder>                                  take the global lock, print "HELD", wait to be killed
//   hold-row <folder> <id>                                take a row's lock mid-write, print "HELD", wait to be killed
var mode = args.Length > 0 ? args[0] : string.Empty;
var folder = args.Length > 1 ? args[1] : throw new ArgumentException("Give a table folder.");
var table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = folder });
switch (mode)
{
    case "stress":
        Stress.Run(table, int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
        Console.Out.WriteLine("DONE");
        Console.Out.Flush();
        return 0;
    case "post":
        table.PostEvent(WttProcessId.Parse(args[2], CultureInfo.InvariantCulture), ProcessEventBits.Shutdown);
        table.Add(new ProcessRecord(WttProcessId.New()) { Pid = Environment.ProcessId });
        Console.Out.WriteLine("DONE");
        Console.Out.Flush();
        return 0;
    case "hold-global":
        table.HoldGlobalLockForTesting();
        break;
    case "hold-row":
        table.HoldRowLockMidWriteForTesting(WttProcessId.Parse(args[2], CultureInfo.InvariantCulture));
        break;
    default:
        Console.Error.WriteLine($"Unknown mode '{mode}'.");
        return 2;
}

Console.Out.WriteLine("HELD");
Console.Out.Flush();
Thread.Sleep(Timeout.Infinite);
return 0;
