// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Integration.Tests.Lab;

/// <summary>Reads an agent's call journal (lines <c>B caller call</c> and <c>E caller call</c>, docs/protocol.md) to see a call arrive.</summary>
internal static class LabJournal
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until the agent has begun a call of <paramref name="caller"/> that it has not ended, and returns its id.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="caller">The caller instance (a connector's <c>InstanceId</c>).</param>
    /// <param name="timeout">How long the call may take to arrive.</param>
    public static async Task<Guid> PendingCallAsync(LabAgent agent, Guid caller, TimeSpan timeout)
    {
        var file = Path.Combine(agent.JournalFolder, "calls.journal");
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (Pending(file, caller) is { } call)
            {
                return call;
            }

            try
            {
                await Task.Delay(Poll, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No pending call of caller {caller} showed in {file} within {timeout.TotalSeconds} s.");
            }
        }
    }

    private static Guid? Pending(string file, Guid caller)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var open = new List<Guid>();
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && Guid.TryParse(parts[1], out var who) && who == caller && Guid.TryParse(parts[2], out var call))
            {
                if (parts[0] == "B")
                {
                    open.Add(call);
                }
                else if (parts[0] == "E")
                {
                    open.Remove(call);
                }
            }
        }

        return open.Count > 0 ? open[^1] : null;
    }
}
