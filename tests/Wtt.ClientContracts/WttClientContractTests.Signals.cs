// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.ClientContracts;

public abstract partial class WttClientContractTests
{
    [Fact(Timeout = TestTimeout)]
    public async Task Signal_ExitedProcess_IsAlreadyExitedNotAnError()
    {
        await using var h = await CreateHarnessAsync();
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.WttBased, "exit", "0"));
        await h.Client.WaitAsync(ProcessSet.Of(p), Briefly);

        var result = await h.Client.SignalAsync(ProcessSet.Of(p), WttSignal.Shutdown);

        Assert.Equal(SignalOutcome.AlreadyExited, Assert.Single(result.Entries).Outcome);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Signal_UserEvents_ArriveInOrderWithTheirPayloads()
    {
        await using var h = await CreateHarnessAsync();
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.WttBased, "event-echo", "Note", "init", "wait-shutdown"));
        await h.Client.WaitAsync(ProcessSet.Of(p), WaitOptions.AllInitialized with { Timeout = TimeSpan.FromSeconds(30) });

        for (var i = 1; i <= 5; i++)
        {
            var sent = await h.Client.SignalAsync(ProcessSet.Of(p), WttSignal.Create("Note", $"payload {i}"));
            Assert.Equal(SignalOutcome.Delivered, sent.Entries[0].Outcome);
        }

        await h.Client.SignalAsync(ProcessSet.Of(p), WttSignal.Shutdown);
        await h.Client.WaitAsync(ProcessSet.Of(p), Briefly);
        var chunks = new List<OutputChunk>();
        await foreach (var chunk in h.Client.ReadOutputAsync(p))
        {
            chunks.Add(chunk);
        }

        Assert.Equal("payload 1\npayload 2\npayload 3\npayload 4\npayload 5\n", Text(chunks));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Signal_ToGroup_ReachesEveryMember()
    {
        await using var h = await CreateHarnessAsync();
        var group = WttProcessId.New();
        var members = new List<WttProcessHandle>();
        for (var i = 0; i < 3; i++)
        {
            members.Add(await h.Client.CreateProcessAsync(h.Script(ProcessKind.WttBased, "init", "wait-shutdown", "exit", "4") with { GroupId = group }));
        }

        await h.Client.WaitAsync(ProcessSet.Of(members), WaitOptions.AllInitialized with { Timeout = TimeSpan.FromSeconds(30) });
        var sent = await h.Client.SignalAsync(ProcessSet.Group(group, h.Machine), WttSignal.Shutdown);
        var ended = await h.Client.WaitAsync(ProcessSet.Of(members), Briefly);

        Assert.Equal(3, sent.Count(SignalOutcome.Delivered));
        Assert.True(ended.IsSatisfied);
        Assert.All(ended.Entries, e => Assert.Equal(4, e.ExitCode));
    }

    [Theory(Timeout = TestTimeout)]
    [InlineData(ProcessKind.WttBased)]
    [InlineData(ProcessKind.Plain)]
    public async Task Signal_Terminate_EndsTheProcessAtOnce_EvenOneIgnoringShutdown(ProcessKind kind)
    {
        await using var h = await CreateHarnessAsync();
        var stubborn = await h.Client.CreateProcessAsync(h.Script(kind, kind == ProcessKind.WttBased ? ["ignore-shutdown", "init", "print", "ready", "block"] : ["ignore-shutdown", "print", "ready", "block"]));
        await foreach (var _ in h.Client.ReadOutputAsync(stubborn))
        {
            break; // it printed "ready": it ignores Shutdown and SIGTERM from now on
        }

        var sent = await h.Client.SignalAsync(ProcessSet.Of(stubborn), WttSignal.Terminate);
        var ended = await h.Client.WaitAsync(ProcessSet.Of(stubborn), Briefly);

        Assert.Equal(SignalOutcome.Delivered, Assert.Single(sent.Entries).Outcome);
        Assert.True(ended.IsSatisfied);
        Assert.Equal(ProcessStatus.Terminated, (await h.Client.GetProcessInfoAsync(stubborn)).Status);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Terminate_ProcessIgnoringShutdown_IsKilledAfterTheGracePeriod()
    {
        await using var h = await CreateHarnessAsync();
        var stubborn = await h.Client.CreateProcessAsync(h.Script(ProcessKind.WttBased, "ignore-shutdown", "init", "block"));
        var polite = await h.Client.CreateProcessAsync(h.Script(ProcessKind.WttBased, "init", "wait-shutdown"));
        await h.Client.WaitAsync(ProcessSet.Of(stubborn, polite), WaitOptions.AllInitialized with { Timeout = TimeSpan.FromSeconds(30) });

        // The polite one gets a grace period no loaded machine can miss; the stubborn one a short one it cannot use.
        var killing = h.Client.TerminateAsync(ProcessSet.Of(stubborn), new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(2) }).AsTask();
        var stopping = h.Client.TerminateAsync(ProcessSet.Of(polite), new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(40) }).AsTask();

        Assert.Equal(SignalOutcome.Killed, Assert.Single((await killing).Entries).Outcome);
        Assert.Equal(SignalOutcome.StoppedCleanly, Assert.Single((await stopping).Entries).Outcome);
        var info = await h.Client.GetProcessInfoAsync(stubborn);
        Assert.Equal(ProcessStatus.Terminated, info.Status);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Terminate_PlainProcess_StopsOnSigterm()
    {
        await using var h = await CreateHarnessAsync();
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "block"));

        var result = await h.Client.TerminateAsync(ProcessSet.Of(p), new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(20) });

        Assert.Equal(SignalOutcome.StoppedCleanly, Assert.Single(result.Entries).Outcome);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Terminate_Tree_StopsTheRootAndItsDescendants()
    {
        await using var h = await CreateHarnessAsync();
        var root = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "block"));
        var child = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "block") with { ParentId = root.Id });
        var grandchild = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "block") with { ParentId = child.Id });

        var result = await h.Client.TerminateAsync(ProcessSet.Tree(root), new TerminateOptions { GracePeriod = TimeSpan.Zero });
        var ended = await h.Client.WaitAsync(ProcessSet.Of(root, child, grandchild), Briefly);

        Assert.Equal([root.Id, child.Id, grandchild.Id], result.Entries.Select(e => e.Id));
        Assert.True(ended.IsSatisfied);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Terminate_ManyProcesses_KillsEveryOne_AndAnswersInTheCallersOrder()
    {
        // Enough members for a local client to split its kills' walks between two threads.
        await using var h = await CreateHarnessAsync();
        var processes = new List<WttProcessHandle>();
        for (var i = 0; i < 80; i++)
        {
            processes.Add(await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "block")));
        }

        processes.Reverse();
        // No polite signal: a process that ended on it within the grace would be StoppedCleanly.
        var result = await h.Client.TerminateAsync(ProcessSet.Of([.. processes]), new TerminateOptions { GracePeriod = TimeSpan.Zero, PoliteSignal = null });
        var ended = await h.Client.WaitAsync(ProcessSet.Of([.. processes]), Briefly);

        Assert.Equal(processes.Select(p => p.Id), result.Entries.Select(e => e.Id));
        Assert.All(result.Entries, e => Assert.Equal(SignalOutcome.Killed, e.Outcome));
        Assert.True(ended.IsSatisfied);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Terminate_NegativeGracePeriod_ThrowsInvalidArgument()
    {
        await using var h = await CreateHarnessAsync();
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "exit", "0"));

        var error = await Assert.ThrowsAsync<WttException>(async () => await h.Client.TerminateAsync(ProcessSet.Of(p), new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(-1) }));

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task TailLog_RegisteredLog_StreamsItsLines()
    {
        await using var h = await CreateHarnessAsync();
        var path = Path.Combine(h.TempFolder, $"{Guid.NewGuid():N}.log");
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.WttBased, "log", path, "3", "exit", "0") with { LogFiles = [path] });

        var chunks = new List<OutputChunk>();
        await foreach (var chunk in h.Client.TailLogAsync(p))
        {
            chunks.Add(chunk);
        }

        Assert.Equal("line 1\nline 2\nline 3\n", Text(chunks));
        Assert.All(chunks, c => Assert.Equal(OutputSource.Log, c.Source));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task TailLog_UnregisteredLog_ThrowsLogNotRegistered()
    {
        await using var h = await CreateHarnessAsync();
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "exit", "0"));

        var error = await Assert.ThrowsAsync<WttException>(async () =>
        {
            await foreach (var unused in h.Client.TailLogAsync(p, new TailOptions { LogName = "/etc/passwd" }))
            {
            }
        });

        Assert.Equal(WttErrorCode.LogNotRegistered, error.ErrorCode);
    }
}
