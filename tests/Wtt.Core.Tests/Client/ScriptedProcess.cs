// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;

namespace Wtt.Core.Tests.Client;

/// <summary>
/// Plays a contract-suite script (see <c>IClientHarness</c>) on a fake process, as the real test helper
/// program plays it on a real one.
/// </summary>
internal static class ScriptedProcess
{
    public static async Task RunAsync(InMemoryWttMachine wtt, InMemoryProcess process)
    {
        var script = process.Request.Spec.Arguments;
        var context = process.Request.Spec.Kind == ProcessKind.WttBased ? wtt.Attach(process) : null;
        var ignoreShutdown = false;
        var shutdown = context?.ShutdownToken ?? CancellationToken.None;
        try
        {
            for (var i = 0; i < script.Count; i++)
            {
                switch (script[i])
                {
                    case "print":
                        process.WriteOutput(script[++i] + "\n");
                        break;
                    case "stderr":
                        process.WriteError(script[++i] + "\n");
                        break;
                    case "log":
                        var path = script[++i];
                        var lines = int.Parse(script[++i], CultureInfo.InvariantCulture);
                        await File.WriteAllLinesAsync(path, Enumerable.Range(1, lines).Select(n => $"line {n}"));
                        if (context is not null)
                        {
                            await context.RegisterLogFileAsync(path);
                        }

                        break;
                    case "init":
                        await context!.ReportInitializedAsync();
                        break;
                    case "stop-beating":
                        context!.RegisterThread("stuck", TimeSpan.FromMilliseconds(200));
                        break;
                    case "event-echo":
                        context!.OnEvent(script[++i], (signal, _) =>
                        {
                            process.WriteOutput(signal.PayloadText() + "\n");
                            return ValueTask.CompletedTask;
                        });
                        break;
                    case "ignore-shutdown":
                        ignoreShutdown = true;
                        process.TerminateReaction = InMemorySignalReaction.Ignore;
                        break;
                    case "wait-shutdown":
                        await Task.WhenAny(Task.Delay(Timeout.Infinite, shutdown), process.Exited).ContinueWith(_ => { }, TaskScheduler.Default);
                        break;
                    case "block":
                        await Task.WhenAny(Task.Delay(Timeout.Infinite, ignoreShutdown ? CancellationToken.None : shutdown), process.Exited).ContinueWith(_ => { }, TaskScheduler.Default);
                        break;
                    case "exit":
                        process.Exit(int.Parse(script[++i], CultureInfo.InvariantCulture));
                        return;
                    default:
                        process.WriteError($"unknown command {script[i]}\n");
                        process.Exit(64);
                        return;
                }

                if (process.HasExited)
                {
                    return;
                }
            }

            process.Exit(0);
        }
        finally
        {
            if (context is not null)
            {
                await context.DisposeAsync();
            }
        }
    }
}
