// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;

namespace Wtt.Integration.Tests.Lab;

/// <summary>Follows one process's log from the script machine, line by line, noting the machine each chunk came from.</summary>
internal sealed class LabTail
{
    private readonly TaskCompletionSource sawLast = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> lines = [];
    private readonly HashSet<string?> machines = [];

    private LabTail()
    {
    }

    /// <summary>Gets a task that completes once the line <c>lastLine</c> was read.</summary>
    public Task SawLast => sawLast.Task;

    /// <summary>Gets a task that completes when the tail ends by itself (the process ended and its log was read).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Gets the lines read so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    /// <summary>Gets the machines the chunks named.</summary>
    public IReadOnlyCollection<string?> Machines
    {
        get
        {
            lock (lines)
            {
                return [.. machines];
            }
        }
    }

    public static LabTail Follow(IWttClient client, WttProcessHandle process, string lastLine, CancellationToken cancellationToken)
    {
        var tail = new LabTail();
        tail.Completion = tail.RunAsync(client, process, lastLine, cancellationToken);
        return tail;
    }

    private async Task RunAsync(IWttClient client, WttProcessHandle process, string lastLine, CancellationToken cancellationToken)
    {
        try
        {
            var pending = new StringBuilder();
            await foreach (var chunk in client.TailLogAsync(process, cancellationToken: cancellationToken))
            {
                pending.Append(chunk.Text());
                var text = pending.ToString();
                var end = text.LastIndexOf('\n');
                if (end < 0)
                {
                    continue;
                }

                pending.Remove(0, end + 1);
                lock (lines)
                {
                    machines.Add(chunk.Machine);
                    lines.AddRange(text[..end].Split('\n'));
                }

                if (text[..end].Split('\n').Contains(lastLine))
                {
                    sawLast.TrySetResult();
                }
            }

            sawLast.TrySetException(new InvalidOperationException($"The tail of {process} ended without '{lastLine}'; it read: {string.Join(" | ", Lines)}"));
        }
        catch (Exception ex)
        {
            sawLast.TrySetException(ex);
            throw;
        }
    }
}
