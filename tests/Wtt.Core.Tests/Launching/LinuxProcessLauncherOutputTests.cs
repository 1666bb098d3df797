// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.Versioning;

namespace Wtt.Core.Tests.Launching;

[SupportedOSPlatform("linux")]
public sealed class LinuxProcessLauncherOutputTests
{
    [LinuxFact(Timeout = 30_000)]
    public async Task Output_StdoutAndStderr_CapturedInOrderWithOffsets()
    {
        var launcher = new LinuxProcessLauncher();
        var request = LaunchProbe.Request("print", "one", "stderr", "two", "print", "three", "stderr", "four");
        await using var process = await launcher.StartAsync(request);
        var output = new CapturedOutput(process);

        await output.Completion;
        await process.Exited;

        Assert.Equal("one\nthree\n", output.StandardOutput);
        Assert.Equal("two\nfour\n", output.StandardError);
        foreach (var source in new[] { OutputSource.StandardOutput, OutputSource.StandardError })
        {
            long expected = 0;
            foreach (var chunk in output.Chunks.Where(c => c.Source == source))
            {
                Assert.Equal(request.Id, chunk.ProcessId);
                Assert.Equal(expected, chunk.Offset);
                expected += chunk.Data.Length;
            }
        }
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task Output_LargeOutput_ArrivesWhole()
    {
        var text = new string('x', 100_000);
        var launcher = new LinuxProcessLauncher();
        await using var process = await launcher.StartAsync(LaunchProbe.Request("print", text));
        var output = new CapturedOutput(process);

        await output.Completion;

        Assert.Equal(text + "\n", output.StandardOutput);
        Assert.Equal(0, (await process.Exited).ExitCode);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task Output_NotCaptured_IsEmpty_ForEachOfTwoProcessesReadTogether()
    {
        var launcher = new LinuxProcessLauncher();
        await using var process = await launcher.StartAsync(LaunchProbe.Request(LaunchProbe.Spec("exit", "0") with { CaptureOutput = false }));
        await using var other = await launcher.StartAsync(LaunchProbe.Request(LaunchProbe.Spec("exit", "0") with { CaptureOutput = false }));

        var counts = await Task.WhenAll(CountAsync(process), CountAsync(process), CountAsync(other));

        Assert.Equal([0, 0, 0], counts);
        await process.Exited;
        await other.Exited;

        static async Task<int> CountAsync(ILaunchedProcess launched)
        {
            var count = 0;
            await foreach (var chunk in launched.Output)
            {
                count++;
            }

            return count;
        }
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task OutputEnded_CompletesAtThePipesEnd_WithEveryChunkInTheOutput_AndAtOnceWithoutCapture()
    {
        var launcher = new LinuxProcessLauncher();
        await using var process = await launcher.StartAsync(LaunchProbe.Request("print", "one", "stderr", "two"));
        await ((IOutputEnd)process).OutputEnded;

        // Nothing read yet: every chunk is already in the output.
        var output = new CapturedOutput(process);
        await output.Completion;
        Assert.Equal(("one\n", "two\n"), (output.StandardOutput, output.StandardError));

        await using var silent = await launcher.StartAsync(LaunchProbe.Request(LaunchProbe.Spec("exit", "0") with { CaptureOutput = false }));
        Assert.True(((IOutputEnd)silent).OutputEnded.IsCompleted);
    }
}
