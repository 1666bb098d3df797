// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;

namespace Wtt.Samples.Lab;

/// <summary>Follows a process's log from any machine and prints each line with the machine's name in front.</summary>
internal sealed class LabLogs
{
    private static readonly Lock ConsoleGate = new();
    private readonly TaskCompletionSource sawTicks = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LabLogs()
    {
    }

    /// <summary>Gets a task that completes once the log showed the asked number of ticks.</summary>
    public Task SawTicks => sawTicks.Task;

    /// <summary>Gets a task that completes when the tail ends (the process ended and its log was read).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public static LabLogs FollowAsync(IWttClient client, WttProcessHandle process, string machine, int ticksToSee, CancellationToken cancellationToken)
    {
        var logs = new LabLogs();
        logs.Completion = logs.RunAsync(client, process, machine, $"tick {ticksToSee}", cancellationToken);
        return logs;
    }

    public static void Print(string line)
    {
        lock (ConsoleGate)
        {
            Console.WriteLine(line);
        }
    }

    private async Task RunAsync(IWttClient client, WttProcessHandle process, string machine, string marker, CancellationToken cancellationToken)
    {
        var pending = new StringBuilder();
        await foreach (var chunk in client.TailLogAsync(process, cancellationToken: cancellationToken))
        {
            pending.Append(chunk.Text());
            for (var newline = pending.ToString().IndexOf('\n', StringComparison.Ordinal); newline >= 0; newline = pending.ToString().IndexOf('\n', StringComparison.Ordinal))
            {
                var line = pending.ToString(0, newline);
                pending.Remove(0, newline + 1);
                Print($"[{machine}] {line}");
                if (line.EndsWith(marker, StringComparison.Ordinal))
                {
                    sawTicks.TrySetResult();
                }
            }
        }

        sawTicks.TrySetResult();
    }
}
