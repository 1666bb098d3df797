// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;
using Wtt.ClientContracts;

namespace Wtt.Core.Tests.Client;

/// <summary>An exit is reported only once the process's captured output is readable.</summary>
public sealed class ExitAfterOutputTests
{
    [Fact(Timeout = 180_000)]
    public async Task WaitAsync_AllExited_OutputIsReadableRightAfterEveryTime()
    {
        await using var harness = new LocalClientHarness();
        const int Runs = 200;
        var empty = 0;
        for (var i = 0; i < Runs; i++)
        {
            var handle = await harness.Client.CreateProcessAsync(TestHelperScript.Spec(ProcessKind.Plain, null, ["print-lines", "4000", "print", $"run-{i}"]));
            var wait = await harness.Client.WaitAsync(ProcessSet.Of(handle), WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(30) });
            Assert.Equal(WaitOutcome.Satisfied, wait.Outcome);

            var text = new StringBuilder();
            await foreach (var chunk in harness.Client.ReadOutputAsync(handle, new OutputReadOptions { Follow = false }))
            {
                text.Append(Encoding.UTF8.GetString(chunk.Data.Span));
            }

            // The helper writes everything at its exit: the last line is missing when the exit is reported too early.
            if (!text.ToString().EndsWith($"run-{i}\n", StringComparison.Ordinal))
            {
                empty++;
            }
        }

        Assert.True(empty == 0, $"{empty} of {Runs} runs missed output right after their exit was reported.");
    }
}
