// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Wtt.LaunchProbe;

/// <summary>
/// Runs its arguments as commands, left to right:
/// <c>sleep MS</c> (-1: forever), <c>exit CODE</c>, <c>print TEXT</c>, <c>stderr TEXT</c>, <c>print-env NAME</c>,
/// <c>print-pid</c>, <c>print-cwd</c>, <c>print-args ARGS...</c> (a JSON array of the rest), <c>ignore-sigterm</c> (prints "SIGTERM ignored" on each),
/// <c>ready</c> (prints READY), <c>spawn K [--orphan] ARGS...</c> (K children run ARGS; with --orphan each child
/// starts a grandchild running ARGS and exits, so the grandchild is re-parented; prints READY once all are
/// ready, then sleeps), and <c>orphan ARGS...</c> (what such a child runs).
/// Lines of descendants are forwarded to standard output, except their READY.
/// </summary>
internal static class Program
{
    private static readonly List<PosixSignalRegistration> Registrations = [];

    private static int Main(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "sleep":
                    Thread.Sleep(int.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                case "exit":
                    return int.Parse(args[++i], CultureInfo.InvariantCulture);
                case "print":
                    Out(args[++i]);
                    break;
                case "stderr":
                    Console.Error.WriteLine(args[++i]);
                    Console.Error.Flush();
                    break;
                case "print-env":
                    var name = args[++i];
                    var value = Environment.GetEnvironmentVariable(name);
                    Out(value is null ? $"ENV {name} unset" : $"ENV {name}={value}");
                    break;
                case "print-pid":
                    Out($"PID {Environment.ProcessId}");
                    break;
                case "print-cwd":
                    Out($"CWD {Environment.CurrentDirectory}");
                    break;
                case "print-args":
                    Out(JsonSerializer.Serialize(args[(i + 1)..]));
                    return 0;
                case "ignore-sigterm":
                    Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
                    {
                        c.Cancel = true;
                        Out("SIGTERM ignored");
                    }));
                    break;
                case "ready":
                    Out("READY");
                    break;
                case "spawn":
                    var count = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    var rest = args[(i + 1)..];
                    var childArgs = rest.Length > 0 && rest[0] == "--orphan" ? ["orphan", .. rest[1..]] : rest;
                    var children = Enumerable.Range(0, count).Select(_ => StartChild(childArgs)).ToList();
                    foreach (var child in children)
                    {
                        ForwardUntilReady(child);
                        if (childArgs != rest)
                        {
                            child.WaitForExit(); // the orphan's parent is gone: it has been re-parented by now
                        }
                    }

                    Out("READY");
                    Thread.Sleep(Timeout.Infinite);
                    return 0;
                case "orphan":
                    var grandchild = StartChild(args[(i + 1)..]);
                    ForwardUntilReady(grandchild);
                    Out("READY");
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown command '{args[i]}'");
                    return 64;
            }
        }

        return 0;
    }

    private static void Out(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    private static Process StartChild(string[] args)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(Program).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    private static void ForwardUntilReady(Process child)
    {
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (line == "READY")
            {
                return;
            }

            Out(line);
        }
    }
}
