// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using Wtt.ClientContracts;

namespace Wtt.Integration.Tests.Lab;

/// <summary>
/// An agent process killed (SIGKILL) while a call is pending on it, then started again on the same table, journal and
/// address. What the design promises (MachineConnector, CallJournal): a pending call whose agent comes back within the
/// connector's connect timeout fails with <see cref="WttErrorCode.AgentRestarted"/>; one whose agent does not fails with
/// <see cref="WttErrorCode.MachineUnreachable"/> within that timeout; the restarted agent tells the caller, at the next
/// connection, which of its calls the killed instance did not finish; the next call reconnects and works.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class AgentRestartTests(LabNetwork network)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [SkippableFact(Timeout = 60_000)]
    public async Task PendingWait_AgentKilledAndRestartedWithinConnectTimeout_FailsWithAgentRestarted()
    {
        await using var lab = await LabMachines.StartAsync(network, count: 1, connectTimeout: TimeSpan.FromSeconds(20));
        var agent = lab["agent1"];
        var sleeper = await lab.Client.CreateProcessAsync(TestHelperScript.Spec(ProcessKind.Plain, "agent1", ["sleep", "-1"]));
        var remote = await lab.Connector.GetRemoteAsync("agent1");
        var before = remote.ServerInstanceId;

        var pending = remote.WaitAsync(ProcessSet.Of(sleeper), WaitOptions.AllExited).AsTask();
        var callId = await LabJournal.PendingCallAsync(agent, lab.Connector.InstanceId, Step);
        await agent.KillAsync();
        await agent.StartAsync();

        var error = await Assert.ThrowsAsync<WttException>(() => pending.WaitAsync(Step));
        Assert.Equal(WttErrorCode.AgentRestarted, error.ErrorCode);
        Assert.Equal("agent1", error.Machine);
        Assert.Contains(callId.ToString(), error.Message, StringComparison.Ordinal);

        // The connection the connector made to find that out is the restarted agent's, and its handshake named the call.
        var fresh = await lab.Connector.GetRemoteAsync("agent1");
        Assert.NotEqual(before, fresh.ServerInstanceId);
        Assert.Contains(callId, fresh.UnfinishedCalls);

        // The sleeper outlived its agent; the new agent serves it from the same table.
        var info = await lab.Client.GetProcessInfoAsync(sleeper);
        Assert.Equal("agent1", info.Machine);
        Assert.False(info.Status.IsEnded(), $"the sleeper reads {info.Status}");
        var ended = await lab.Client.TerminateAsync(ProcessSet.Of(sleeper), new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(5) });
        Assert.Contains(Assert.Single(ended.Entries).Outcome, new[] { SignalOutcome.StoppedCleanly, SignalOutcome.Killed });
    }

    [SkippableFact(Timeout = 60_000)]
    public async Task PendingWait_AgentKilledAndNotBack_FailsWithMachineUnreachableWithinConnectTimeout()
    {
        var connectTimeout = TimeSpan.FromSeconds(2);
        await using var lab = await LabMachines.StartAsync(network, count: 1, connectTimeout: connectTimeout);
        var agent = lab["agent1"];
        var sleeper = await lab.Client.CreateProcessAsync(TestHelperScript.Spec(ProcessKind.Plain, "agent1", ["sleep", "-1"]));
        var remote = await lab.Connector.GetRemoteAsync("agent1");

        var pending = remote.WaitAsync(ProcessSet.Of(sleeper), WaitOptions.AllExited).AsTask();
        var callId = await LabJournal.PendingCallAsync(agent, lab.Connector.InstanceId, Step);
        var clock = Stopwatch.StartNew();
        await agent.KillAsync();

        var error = await Assert.ThrowsAsync<WttException>(() => pending.WaitAsync(Step));
        Assert.Equal(WttErrorCode.MachineUnreachable, error.ErrorCode);
        Assert.Equal("agent1", error.Machine);
        Assert.True(clock.Elapsed < connectTimeout + TimeSpan.FromSeconds(10), $"the pending call failed after {clock.Elapsed}");

        // While the agent is down: a new call fails at once, a wait through the script reports the machine unreachable,
        // and the list marks its rows unreachable instead of failing.
        var down = await Assert.ThrowsAsync<WttException>(() => lab.Client.GetProcessInfoAsync(sleeper).AsTask().WaitAsync(Step));
        Assert.Equal(WttErrorCode.MachineUnreachable, down.ErrorCode);
        var wait = await lab.Client.WaitAsync(ProcessSet.Of(sleeper), WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(1) }).AsTask().WaitAsync(Step);
        Assert.Equal(WaitEntryOutcome.Unreachable, Assert.Single(wait.Entries).Outcome);
        var rows = await lab.Client.GetProcessListAsync(new ProcessListOptions { ResolveRemote = true }).AsTask().WaitAsync(Step);
        Assert.Equal(ProcessStatus.Unreachable, Assert.Single(rows, r => r.Id == sleeper.Id).Status);

        // Back on the same table, journal and address: the first connection learns which call the killed agent left
        // unfinished, and calls work again.
        await agent.StartAsync();
        var fresh = await lab.Connector.GetRemoteAsync("agent1");
        Assert.Contains(callId, fresh.UnfinishedCalls);
        var info = await lab.Client.GetProcessInfoAsync(sleeper);
        Assert.False(info.Status.IsEnded(), $"the sleeper reads {info.Status}");
    }
}
