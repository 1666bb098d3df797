// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;
using System.Text;
using Wtt.Cli.Common;
using Wtt.Cli.Configuration;

namespace Wtt.Cli.Commands;

/// <summary>What <c>wtt tail</c> and <c>wtt output</c> share: options, the follow deadline, and writing the chunks.</summary>
internal static class StreamCommands
{
    /// <summary>Builds a streaming command.</summary>
    /// <param name="io">Where it writes.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="description">Its description.</param>
    /// <param name="extra">Its own options.</param>
    /// <param name="open">Opens the stream for a handle, given whether to follow.</param>
    /// <returns>The command.</returns>
    public static Command Create(
        CliIo io,
        string name,
        string description,
        IEnumerable<Option> extra,
        Func<CliContext, WttProcessHandle, bool, CancellationToken, IAsyncEnumerable<OutputChunk>> open)
    {
        var machine = GlobalOptions.Machine();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep following what is written until the process ends (or --timeout, or Ctrl+C)." };
        var timeout = new Option<string?>("--timeout") { Description = "Stop following after this long (5s, 2m …) and exit 0." };
        var id = new Argument<string>("id") { Description = "The process's UUID." };
        var command = new Command(name, description) { machine, follow, timeout, id };
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        return command.Runs(io, machine, async (context, cancellationToken) =>
        {
            var p = context.Parse;
            var limit = p.GetValue(timeout) is { } t ? Durations.Parse(t, "--timeout") : Timeout.InfiniteTimeSpan;
            var handle = await context.Client.OpenProcessAsync(CommandActions.ParseId(p.GetValue(id)!), p.GetValue(machine), cancellationToken).ConfigureAwait(false);
            await using var handleScope = handle.ConfigureAwait(false);
            using var deadline = new CancellationTokenSource(limit);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var text = new StringBuilder();
            long bytes = 0;
            try
            {
                await foreach (var chunk in open(context, handle, p.GetValue(follow), linked.Token).ConfigureAwait(false))
                {
                    bytes += chunk.Data.Length;
                    if (context.Json)
                    {
                        text.Append(chunk.Text());
                    }
                    else
                    {
                        await context.Output.WriteAsync(chunk.Text()).ConfigureAwait(false);
                        await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // --timeout: the follow ends here, as asked.
            }

            if (context.Json)
            {
                JsonOutput.Write(context.Output, new { id = handle.Id, machine = handle.Machine, bytes, text = text.ToString() });
            }

            return ExitCodes.Ok;
        });
    }
}
