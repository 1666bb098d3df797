// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using Wtt.ClientContracts;
using Xunit.Abstractions;

namespace Wtt.Integration.Tests.Lab;

/// <summary>
/// The cable to an agent cut (its veth end down: packets are dropped silently, no reset, no error) while calls are
/// pending and for new calls, then plugged back in. No call may hang: each ends within its own timeout, or once TCP
/// gives the connection up (keep-alive and TCP_USER_TIMEOUT, about 15 s) when it has none.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LinkCutTests(LabNetwork network, ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(40);

    [SkippableFact(Timeout = 60_000)]
    public async Task CallsWithTimeouts_LinkCut_EndWithinTheirTimeout_AndTheLinkBackServesTheNextCall()
    {
        await using var lab = await LabMachines.StartAsync(network, count: 1, connectTimeout: TimeSpan.FromSeconds(2));
        var agent = lab["agent1"];
        var sleeper = await lab.Client.CreateProcessAsync(TestHelperScript.Spec(ProcessKind.Plain, "agent1", ["sleep", "-1"]));
        var before = (await lab.Connector.GetRemoteAsync("agent1")).ServerInstanceId;
        await agent.Link.CutAsync();

        // A wait for many with a timeout: the cut machine's members read unreachable at the deadline and its grace.
        var clock = Stopwatch.StartNew();
        var wait = await lab.Client.WaitAsync(ProcessSet.Of(sleeper), WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(2) }).AsTask().WaitAsync(Step);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"the wait took {clock.Elapsed}");
        Assert.Equal(WaitOutcome.Unreachable, wait.Outcome);
        var entry = Assert.Single(wait.Entries);
        Assert.Equal((WaitEntryOutcome.Unreachable, ProcessStatus.Unreachable, "agent1"), (entry.Outcome, entry.Status, entry.Machine));

        // A new call with the caller's timeout ends at that timeout, although the agent never acknowledges the cancellation.
        clock.Restart();
        using (var callerTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lab.Client.GetProcessInfoAsync(sleeper, callerTimeout.Token).AsTask().WaitAsync(Step));
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the call took {clock.Elapsed}");

        // The cable back: the next call is served, by the same agent instance.
        await agent.RestoreLinkAsync();
        var info = await lab.Client.GetProcessInfoAsync(sleeper).AsTask().WaitAsync(Step);
        Assert.Equal((ProcessStatus.Running, "agent1"), (info.Status, info.Machine));
        Assert.Equal(before, (await lab.Connector.GetRemoteAsync("agent1")).ServerInstanceId);
    }

    [SkippableFact(Timeout = 60_000)]
    public async Task CallsWithoutTimeouts_LinkCut_MachineUnreachableOnceTcpGivesUp_ListMarksRowsUnreachable_ThenReconnects()
    {
        await using var lab = await LabMachines.StartAsync(network, count: 1, connectTimeout: TimeSpan.FromSeconds(2));
        var agent = lab["agent1"];
        var sleeper = await lab.Client.CreateProcessAsync(TestHelperScript.Spec(ProcessKind.Plain, "agent1", ["sleep", "-1"]));
        var remote = await lab.Connector.GetRemoteAsync("agent1");
        var pending = remote.WaitAsync(ProcessSet.Of(sleeper), WaitOptions.AllExited).AsTask();
        await LabJournal.PendingCallAsync(agent, lab.Connector.InstanceId, Step);

        await agent.Link.CutAsync();
        var clock = Stopwatch.StartNew();
        var list = lab.Client.GetProcessListAsync(new ProcessListOptions { ResolveRemote = true }).AsTask();

        var error = await Assert.ThrowsAsync<WttException>(() => pending.WaitAsync(Step));
        Assert.Equal(WttErrorCode.MachineUnreachable, error.ErrorCode);
        Assert.Equal("agent1", error.Machine);
        output.WriteLine($"pending wait: {error.ErrorCode} after {clock.Elapsed}");
        var rows = await list.WaitAsync(Step);
        output.WriteLine($"list: after {clock.Elapsed}");
        Assert.Equal(ProcessStatus.Unreachable, Assert.Single(rows, r => r.Id == sleeper.Id).Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the calls ended after {clock.Elapsed}");

        // With the connection given up, a new call fails at once: connecting gives up within the connect timeout.
        clock.Restart();
        var down = await Assert.ThrowsAsync<WttException>(() => lab.Client.GetProcessInfoAsync(sleeper).AsTask().WaitAsync(Step));
        output.WriteLine($"new call: {down.ErrorCode} after {clock.Elapsed}: {down.Message}");
        Assert.Equal(WttErrorCode.MachineUnreachable, down.ErrorCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the new call failed after {clock.Elapsed}");

        // The cable back: the next call reconnects to the same agent instance and works.
        await agent.RestoreLinkAsync();
        clock.Restart();
        var info = await lab.Client.GetProcessInfoAsync(sleeper).AsTask().WaitAsync(Step);
        output.WriteLine($"after restore: {info.Status} after {clock.Elapsed}");
        Assert.Equal(ProcessStatus.Running, info.Status);
        var fresh = await lab.Connector.GetRemoteAsync("agent1");
        Assert.NotSame(remote, fresh);
        Assert.Equal(remote.ServerInstanceId, fresh.ServerInstanceId);
    }
}
