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
        var missed = 0;
        string? firstMiss = null;
        for (var i = 0; i < Runs; i++)
        {
            var handle = await harness.Client.CreateProcessAsync(TestHelperScript.Spec(ProcessKind.Plain, null, ["print-lines", "4000", "print", $"run-{i}"]));
            var wait = await harness.Client.WaitAsync(ProcessSet.Of(handle), WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(30) });
            Assert.Equal(WaitOutcome.Satisfied, wait.Outcome);

            var text = await ReadAllAsync(harness, handle);

            // The helper writes everything at its exit: the last line is missing when the exit is reported too early.
            if (!text.EndsWith($"run-{i}\n", StringComparison.Ordinal))
            {
                missed++;

                // What tells the causes apart: an exit recorded too early reads whole later; output never written or a
                // killed helper stays short, with the exit's signal in the entry.
                firstMiss ??= $"run {i}: {text.Length} characters read, ending '{text[Math.Max(0, text.Length - 40)..].ReplaceLineEndings("|")}'; wait entry {wait.Entries[0]}; read again: {(await ReadAllAsync(harness, handle)).EndsWith($"run-{i}\n", StringComparison.Ordinal)}";
            }
        }

        Assert.True(missed == 0, $"{missed} of {Runs} runs missed output right after their exit was reported; the first: {firstMiss}");
    }

    private static async Task<string> ReadAllAsync(LocalClientHarness harness, WttProcessHandle handle)
    {
        var text = new StringBuilder();
        await foreach (var chunk in harness.Client.ReadOutputAsync(handle, new OutputReadOptions { Follow = false }))
        {
            text.Append(Encoding.UTF8.GetString(chunk.Data.Span));
        }

        return text.ToString();
    }
}
