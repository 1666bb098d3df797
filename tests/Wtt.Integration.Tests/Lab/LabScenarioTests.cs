// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.ClientContracts;

namespace Wtt.Integration.Tests.Lab;

/// <summary>
/// The protocol-test scenario across real machines: a server on agent1, its peer on agent2 and a monitor on the
/// script machine (this test process), each agent a separate process in a network namespace of its own.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LabScenarioTests(LabNetwork network)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [SkippableFact(Timeout = 60_000)]
    public async Task ProtocolTest_ServerPeerMonitorOnThreeMachines_InitialiseStreamLogsAndShutDownCleanly()
    {
        await using var lab = await LabMachines.StartAsync(network, count: 2);
        var client = lab.Client;
        var group = WttProcessId.New();
        var roles = new (string Role, string? Machine, string LogFolder)[]
        {
            ("server", "agent1", lab["agent1"].LogFolder),
            ("peer", "agent2", lab["agent2"].LogFolder),
            ("monitor", null, lab.LogFolder),
        };

        var handles = new List<WttProcessHandle>();
        foreach (var (role, machine, folder) in roles)
        {
            var log = Path.Combine(folder, $"{role}.log");
            var spec = TestHelperScript.Spec(ProcessKind.WttBased, machine, ["log", log, "3", "init", "wait-shutdown", "print", "bye"]) with { GroupId = group };
            handles.Add(await client.CreateProcessAsync(spec));
        }

        Assert.Equal(["agent1", "agent2", null], handles.Select(h => h.Machine));

        var ready = await client.WaitAsync(ProcessSet.Of(handles), WaitOptions.AllInitialized with { Timeout = Step });
        Assert.True(ready.IsSatisfied, $"not all initialised: {ready.Outcome} at #{ready.Index}: {string.Join(", ", ready.Entries.Select(e => $"{e.Machine}:{e.Outcome}/{e.Status}"))}");

        using var stopTails = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var tails = handles.Select(h => LabTail.Follow(client, h, "line 3", stopTails.Token)).ToList();
        await Task.WhenAll(tails.Select(t => t.SawLast)).WaitAsync(Step);
        for (var i = 0; i < handles.Count; i++)
        {
            Assert.Equal(["line 1", "line 2", "line 3"], tails[i].Lines);
            Assert.All(tails[i].Machines, m => Assert.True(m == roles[i].Machine || (roles[i].Machine is null && m is null or "script"), $"{roles[i].Role}'s log came named '{m}'"));
        }

        var rows = await client.GetProcessListAsync(new ProcessListOptions { ResolveRemote = true, Filter = ProcessSet.Group(group) });
        Assert.Equal(3, rows.Count);
        foreach (var (role, machine, _) in roles)
        {
            var handle = handles[Array.FindIndex(roles, r => r.Role == role)];
            var row = Assert.Single(rows, r => r.Id == handle.Id);
            Assert.Equal(machine, row.Machine);
            Assert.Equal(ProcessStatus.Initialized, row.Status);
            Assert.Equal(group, row.GroupId);
            Assert.NotNull(row.HeartbeatAge);
        }

        // The agents are root with the cgroup v2 hierarchy in view, as on a real machine: each process they start has a
        // cgroup of its own, which the forced kill of a tree writes to (the namespaces share this machine's pid space).
        foreach (var handle in handles.Where(h => h.Machine is not null))
        {
            var pid = Assert.Single(rows, r => r.Id == handle.Id).Pid;
            var cgroup = await File.ReadAllTextAsync($"/proc/{pid}/cgroup");
            Assert.Contains($"/wtt/{handle.Id}", cgroup, StringComparison.Ordinal);
        }

        var ended = await client.TerminateAsync(ProcessSet.Group(group), new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(10) });
        Assert.Equal(3, ended.Entries.Count);
        Assert.All(ended.Entries, e => Assert.Equal(SignalOutcome.StoppedCleanly, e.Outcome));

        var exited = await client.WaitAsync(ProcessSet.Of(handles), WaitOptions.AllExited with { Timeout = Step });
        Assert.True(exited.IsSatisfied, $"not all exited: {exited.Outcome}");
        Assert.All(exited.Entries, e => Assert.Equal(WaitEntryOutcome.Reached, e.Outcome));
        foreach (var handle in handles)
        {
            var info = await client.GetProcessInfoAsync(handle);
            Assert.Equal(ProcessStatus.Exited, info.Status);
            Assert.Equal(0, info.ExitCode);
        }

        // Each tail ends by itself once its process has ended.
        await Task.WhenAll(tails.Select(t => t.Completion)).WaitAsync(Step);
    }
}
