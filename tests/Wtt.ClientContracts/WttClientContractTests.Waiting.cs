// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.ClientContracts;

public abstract partial class WttClientContractTests
{
    [Fact(Timeout = TestTimeout)]
    public async Task Wait_AllInitialized_WaitsForEveryWttProcess()
    {
        await using var h = await CreateHarnessAsync();
        var a = await h.Client.CreateProcessAsync(h.Script(ProcessKind.WttBased, "init", "wait-shutdown"));
        var b = await h.Client.CreateProcessAsync(h.Script(ProcessKind.WttBased, "init", "wait-shutdown"));

        var result = await h.Client.WaitAsync(ProcessSet.Of(a, b), WaitOptions.AllInitialized with { Timeout = TimeSpan.FromSeconds(30) });
        var stopped = await h.Client.TerminateAsync(ProcessSet.Of(a, b), new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(20) });

        Assert.Equal(WaitOutcome.Satisfied, result.Outcome);
        Assert.All(result.Entries, e => Assert.Equal(ProcessStatus.Initialized, e.Status));
        Assert.All(stopped.Entries, e => Assert.Equal(SignalOutcome.StoppedCleanly, e.Outcome));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Wait_AnyExited_ReportsTheFastProcess()
    {
        await using var h = await CreateHarnessAsync();
        var slow = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "block"));
        var fast = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "exit", "5"));
        try
        {
            var result = await h.Client.WaitAsync(ProcessSet.Of(slow, fast), WaitOptions.AllExited with { Mode = WaitMode.Any, Timeout = TimeSpan.FromSeconds(30) });

            Assert.Equal((WaitOutcome.Satisfied, 1), (result.Outcome, result.Index));
            Assert.Equal(WaitEntryOutcome.StillWaiting, result.Entries[0].Outcome);
            Assert.Equal((WaitEntryOutcome.Reached, 5), (result.Entries[1].Outcome, result.Entries[1].ExitCode));
        }
        finally
        {
            await h.Client.TerminateAsync(ProcessSet.Of(slow), new TerminateOptions { GracePeriod = TimeSpan.Zero });
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Wait_Timeout_ReportsStillWaitingAndItsIndex()
    {
        await using var h = await CreateHarnessAsync();
        var done = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "exit", "0"));
        var running = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "block"));
        await h.Client.WaitAsync(ProcessSet.Of(done), Briefly);
        try
        {
            var result = await h.Client.WaitAsync(ProcessSet.Of(done, running), WaitOptions.AllExited with { Timeout = TimeSpan.FromMilliseconds(200) });

            Assert.Equal((WaitOutcome.TimedOut, 1), (result.Outcome, result.Index));
            Assert.Equal(WaitEntryOutcome.StillWaiting, result.Entries[1].Outcome);
        }
        finally
        {
            await h.Client.TerminateAsync(ProcessSet.Of(running), new TerminateOptions { GracePeriod = TimeSpan.Zero });
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Wait_StoppedHeartbeat_ReportsDebugBreakButNeverForPlain()
    {
        await using var h = await CreateHarnessAsync();
        var hung = await h.Client.CreateProcessAsync(h.Script(ProcessKind.WttBased, "init", "stop-beating", "block") with { DebugTimeout = TimeSpan.FromSeconds(1) });
        var plain = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "block") with { DebugTimeout = TimeSpan.FromMilliseconds(1) });
        try
        {
            var result = await h.Client.WaitAsync(ProcessSet.Of(plain, hung), WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(30) });

            Assert.Equal((WaitOutcome.DebugBreak, 1), (result.Outcome, result.Index));
            Assert.Equal(WaitEntryOutcome.StillWaiting, result.Entries[0].Outcome);
            Assert.Equal(WaitEntryOutcome.DebugBreak, result.Entries[1].Outcome);
        }
        finally
        {
            await h.Client.TerminateAsync(ProcessSet.Of(hung, plain), new TerminateOptions { GracePeriod = TimeSpan.Zero });
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Wait_InitializedButExited_ReportsExitedEarly()
    {
        await using var h = await CreateHarnessAsync();
        var quitter = await h.Client.CreateProcessAsync(h.Script(ProcessKind.WttBased, "exit", "2"));

        var result = await h.Client.WaitAsync(ProcessSet.Of(quitter), WaitOptions.AllInitialized with { Timeout = TimeSpan.FromSeconds(30) });

        Assert.Equal((WaitOutcome.ExitedEarly, 0), (result.Outcome, result.Index));
        Assert.Equal(2, result.Entries[0].ExitCode);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Wait_BadArguments_Throw()
    {
        await using var h = await CreateHarnessAsync();
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "exit", "0"));

        var negative = await Assert.ThrowsAsync<WttException>(async () => await h.Client.WaitAsync(ProcessSet.Of(p), WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(-5) }));
        var unknown = await Assert.ThrowsAsync<WttException>(async () => await h.Client.WaitAsync(ProcessSet.Of(new WttProcessHandle(WttProcessId.New(), h.Machine))));
        var empty = Assert.Throws<WttException>(() => ProcessSet.Of());

        Assert.Equal(WttErrorCode.InvalidArgument, negative.ErrorCode);
        Assert.Equal(WttErrorCode.UnknownProcess, unknown.ErrorCode);
        Assert.Equal(WttErrorCode.InvalidArgument, empty.ErrorCode);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Wait_Cancelled_ThrowsOperationCanceled()
    {
        await using var h = await CreateHarnessAsync();
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "block"));
        using var cancel = new CancellationTokenSource();
        try
        {
            var wait = h.Client.WaitAsync(ProcessSet.Of(p), cancellationToken: cancel.Token).AsTask();
            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        }
        finally
        {
            await h.Client.TerminateAsync(ProcessSet.Of(p), new TerminateOptions { GracePeriod = TimeSpan.Zero });
        }
    }
}
