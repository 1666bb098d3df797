// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using Microsoft.Extensions.Time.Testing;
using Wtt.Core.Tests.Contracts;

namespace Wtt.Core.Tests.InMemory;

public sealed class InMemoryProcessTests
{
    private static readonly TimeSpan TestWait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryProcessLauncher launcher;

    public InMemoryProcessTests()
    {
        launcher = new InMemoryProcessLauncher(time);
    }

    [Fact(Timeout = 10_000)]
    public async Task Start_RecordsTheProcessWithIncreasingPids()
    {
        var first = await StartAsync();
        var second = await StartAsync();

        Assert.Equal([first, second], launcher.Started);
        Assert.True(second.Pid > first.Pid);
        Assert.NotEqual(first.StartTime, second.StartTime);
        Assert.Equal(time.GetUtcNow(), first.StartedAt);
        Assert.True(launcher.TryGet(second.Id, out var found));
        Assert.Same(second, found);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForStart_CompletesForAStartAlreadyMadeOrLater()
    {
        var id = WttProcessId.New();
        var later = launcher.WaitForStartAsync(id);
        var any = launcher.WaitForStartAsync();
        Assert.False(later.IsCompleted);

        var started = await launcher.StartAsync(new ProcessLaunchRequest(new ProcessStartSpec("app"), id, WttProcessId.Nil, WttProcessId.Nil));

        Assert.Same(started, await later.WaitAsync(TestWait));
        Assert.Same(started, await any.WaitAsync(TestWait));
        Assert.Same(started, await launcher.WaitForStartAsync(p => p.Request.Spec.FileName == "app").WaitAsync(TestWait));
    }

    [Fact(Timeout = 10_000)]
    public async Task StartFailure_ThrowsWhatTheHookReturns()
    {
        launcher.StartFailure = r => new WttException(WttErrorCode.AccessDenied, "no", null, r.Id);

        await WttAssert.ThrowsAsync(WttErrorCode.AccessDenied, async () => await StartAsync());
        Assert.Empty(launcher.Started);
    }

    [Fact(Timeout = 10_000)]
    public async Task TermIgnored_RecordsTheSignalAndKeepsRunning_UntilKilled()
    {
        launcher.TerminateReaction = InMemorySignalReaction.Ignore;
        var process = await StartAsync();
        var term = process.WaitForSignalAsync(PosixSignal.SIGTERM);

        Assert.True(await process.SendSignalAsync(PosixSignal.SIGTERM));

        Assert.Equal(PosixSignal.SIGTERM, await term.WaitAsync(TestWait));
        Assert.False(process.HasExited);
        Assert.Equal([PosixSignal.SIGTERM], process.ReceivedSignals);

        await process.KillTreeAsync();
        Assert.Equal(137, (await process.Exited.WaitAsync(TestWait)).ExitCode);
        Assert.Equal(1, process.KillTreeCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task SignalReceived_CanScriptACleanExit()
    {
        var process = await StartAsync();
        process.TerminateReaction = InMemorySignalReaction.Ignore;
        process.SignalReceived += (_, s) =>
        {
            if (s == PosixSignal.SIGTERM)
            {
                process.Exit(0);
            }
        };

        await process.SendSignalAsync(PosixSignal.SIGTERM);

        var exit = await process.Exited.WaitAsync(TestWait);
        Assert.Equal(0, exit.ExitCode);
        Assert.False(exit.WasSignaled);
    }

    [Fact(Timeout = 10_000)]
    public async Task Crash_EndsBySignal_AndOnlyTheFirstEndCounts()
    {
        var process = await StartAsync();
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.True(process.Crash((PosixSignal)11));
        Assert.False(process.Exit(0));

        var exit = await process.Exited.WaitAsync(TestWait);
        Assert.Equal((128 + 11, 11, time.GetUtcNow()), (exit.ExitCode, exit.Signal!.Value, exit.ExitedAt));
        Assert.Throws<InvalidOperationException>(() => process.WriteOutput("late"));
    }

    [Fact(Timeout = 10_000)]
    public async Task Output_NotCaptured_IsEmpty()
    {
        var process = await StartAsync(new ProcessStartSpec("quiet") { CaptureOutput = false });
        process.WriteOutput("dropped");

        await foreach (var unused in process.Output.WithCancellation(new CancellationTokenSource(TestWait).Token))
        {
            Assert.Fail("No output was captured.");
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task Output_KeepsOffsetsPerSource()
    {
        var process = await StartAsync();
        process.WriteOutput("abc");
        process.WriteError("e");
        process.WriteOutput("de");
        process.Exit(0);

        var chunks = new List<OutputChunk>();
        await foreach (var chunk in process.Output)
        {
            chunks.Add(chunk);
        }

        Assert.Equal([(OutputSource.StandardOutput, 0L), (OutputSource.StandardError, 0L), (OutputSource.StandardOutput, 3L)], chunks.Select(c => (c.Source, c.Offset)));
        Assert.All(chunks, c => Assert.Equal(process.Id, c.ProcessId));
    }

    [Fact(Timeout = 10_000)]
    public async Task Dispose_MarksTheHandleAndLeavesTheProcessRunning()
    {
        var process = await StartAsync();
        await process.DisposeAsync();
        Assert.True(process.IsDisposed);
        Assert.False(process.HasExited);
    }

    private async Task<InMemoryProcess> StartAsync(ProcessStartSpec? spec = null)
        => (InMemoryProcess)await launcher.StartAsync(new ProcessLaunchRequest(spec ?? new ProcessStartSpec("app"), WttProcessId.New(), WttProcessId.Nil, WttProcessId.Nil));
}
