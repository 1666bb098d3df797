// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using System.Text;
using Wtt.Core;

namespace Wtt.Samples.Child;

/// <summary>
/// The caller side: open this machine's Wtt (in a folder of its own, removed at the end), start this program as
/// a Wtt-based child, send it an event, wait until it is initialised, follow its log, read its threads, and
/// stop it with Shutdown.
/// </summary>
internal static class Caller
{
    public static async Task<int> RunAsync()
    {
        var folder = Path.Combine(Path.GetDirectoryName(SharedMemoryProcessTableOptions.DefaultTableFolder)!, "wtt-sample-child", Guid.NewGuid().ToString("N"));
        try
        {
            return await RunAsync(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> RunAsync(string folder)
    {
        await using var machine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = folder });
        IWttClient wtt = machine.Client;
        var log = Path.Combine(folder, "child.log");

        await using var child = await wtt.CreateProcessAsync(SelfAsChild(log) with { LogFiles = [log] });
        Console.WriteLine($"caller: started child {child.Id}");

        // Sent before the child has registered its handler: the child holds it until it does.
        await wtt.SignalAsync(ProcessSet.Of(child), WttSignal.Create("greet", "the caller"));

        var ready = await wtt.WaitAsync(ProcessSet.Of(child), WaitOptions.AllInitialized with { Timeout = TimeSpan.FromSeconds(30) });
        Console.WriteLine($"caller: child initialised: {ready.Outcome}");
        if (!ready.IsSatisfied)
        {
            await wtt.TerminateAsync(ProcessSet.Of(child), new TerminateOptions { GracePeriod = TimeSpan.Zero });
            return 1;
        }

        using var stopTail = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var tail = FollowLogAsync(wtt, child, stopTail.Token);

        // By tick 10 (2 seconds) the heartbeat monitor has published the threads and their comments.
        await tail.Ticked.WaitAsync(TimeSpan.FromSeconds(30));

        var info = await wtt.GetProcessInfoAsync(child);
        foreach (var thread in info.Threads)
        {
            Console.WriteLine($"caller: thread '{thread.Name}' is {(thread.Comments.Count > 0 ? thread.Comments[^1] : "idle")}");
        }

        var ended = await wtt.TerminateAsync(ProcessSet.Of(child), new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(10) });
        await tail.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        var entry = ended.Entries[0];
        Console.WriteLine($"caller: child ended: {entry.Outcome}, status {entry.Status}, exit code {entry.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
        if (entry.Outcome == SignalOutcome.StoppedCleanly && entry.ExitCode == 0)
        {
            return 0;
        }

        // The child's console output, kept in its state folder, says what went wrong.
        await foreach (var chunk in wtt.ReadOutputAsync(child, new OutputReadOptions { Follow = false }))
        {
            Console.Write($"child {chunk.Source}: {chunk.Text()}");
        }

        return 1;
    }

    /// <summary>This same program with the child's arguments (through <c>dotnet</c> when it runs as a dll).</summary>
    private static ProcessStartSpec SelfAsChild(string log)
    {
        var self = Environment.ProcessPath!;
        string[] childArgs = ["child", "--log", log];
        return Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartSpec(self) { Arguments = [typeof(Caller).Assembly.Location, .. childArgs], Kind = ProcessKind.WttBased }
            : new ProcessStartSpec(self) { Arguments = childArgs, Kind = ProcessKind.WttBased };
    }

    /// <summary>Prints the child's log as it grows (<c>tail -f</c> through Wtt), until the child has ended.</summary>
    private static (Task Ticked, Task Completion) FollowLogAsync(IWttClient wtt, WttProcessHandle child, CancellationToken cancellationToken)
    {
        var ticked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task RunAsync()
        {
            var pending = new StringBuilder();
            await foreach (var chunk in wtt.TailLogAsync(child, cancellationToken: cancellationToken))
            {
                pending.Append(chunk.Text());
                for (var newline = pending.ToString().IndexOf('\n', StringComparison.Ordinal); newline >= 0; newline = pending.ToString().IndexOf('\n', StringComparison.Ordinal))
                {
                    var line = pending.ToString(0, newline);
                    pending.Remove(0, newline + 1);
                    Console.WriteLine($"log: {line}");
                    if (line == "child tick 10")
                    {
                        ticked.TrySetResult();
                    }
                }
            }
        }

        return (ticked.Task, RunAsync());
    }
}
