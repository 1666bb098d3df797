// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports;

namespace Wtt.Hosting.Tests.Lab;

public sealed class InProcessLabTests
{
    [Fact(Timeout = 60_000)]
    public async Task StartAsync_TwoMachines_TheScriptReachesBothAndDisposeStopsWhatRunsAndDeletesTheFolder()
    {
        var options = new InProcessLabOptions { Machines = { "x", "y" } };
        string root;
        int pid;
        await using (var lab = await InProcessLab.StartAsync(options))
        {
            root = lab.Root;
            var sleeper = await lab.Client.CreateProcessAsync(new ProcessStartSpec(TestMachine.Helper) { Machine = "y", Arguments = ["no-ready", "sleep", "60000"] });
            var list = await lab.Client.GetProcessListAsync(new ProcessListOptions { Machine = "y" });

            pid = Assert.Single(list, p => p.Id == sleeper.Id && p.Machine == "y").Pid;
            Assert.Equal(["x", "y"], lab.Addresses.Keys.Order());
            Assert.All(lab.Addresses.Values, a => Assert.Equal("tcp", a.Scheme));
            Assert.True(Directory.Exists(Path.Combine(root, "x")));
        }

        Assert.False(Directory.Exists(root));
        Assert.False(Directory.Exists($"/proc/{pid}"), $"pid {pid} still runs after the lab was disposed");
    }

    [Fact(Timeout = 120_000)]
    public async Task RemoteProcesses_EndThere_TheirRowsHereEndAndMakeRoomForMore()
    {
        await using var lab = await InProcessLab.StartAsync(new InProcessLabOptions { Machines = { "y" }, Capacity = 8 });
        WttProcessHandle last = null!;
        for (var i = 0; i < 20; i++)
        {
            last = await lab.Client.CreateProcessAsync(new ProcessStartSpec(TestMachine.Helper) { Machine = "y", Arguments = ["no-ready", "exit", "3"] });
            var exited = await lab.Client.WaitAsync(ProcessSet.Of(last), WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(30) });
            Assert.Equal(WaitOutcome.Satisfied, exited.Outcome);
        }

        Assert.True(lab.Script.Table.TryGet(last.Id, out var row));
        Assert.Equal(("y", ProcessStatus.Exited, 3), (row.Machine, row.Status, row.ExitCode));
        Assert.True(lab.Script.Table.List().Count <= 8);
    }

    [Fact(Timeout = 60_000)]
    public async Task StartAsync_MemoryTransport_ListensOnFreshNames()
    {
        await using var lab = await InProcessLab.StartAsync(new InProcessLabOptions { Machines = { "m" }, Transport = InMemoryTransport.Shared });

        Assert.Equal("memory", lab.Addresses["m"].Scheme);
        Assert.NotNull(await lab.Client.GetProcessListAsync(new ProcessListOptions { Machine = "m" }));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("lab", "named twice")]
    [InlineData("", "needs a name")]
    public async Task StartAsync_BadMachineNames_InvalidArgumentNamingTheFix(string name, string message)
    {
        var error = await Assert.ThrowsAsync<WttException>(() => InProcessLab.StartAsync(new InProcessLabOptions { Machines = { name } }));

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task StartAsync_NoMachine_OrRemoteAgentsWithoutSecret_InvalidArgument()
    {
        var empty = await Assert.ThrowsAsync<WttException>(() => InProcessLab.StartAsync(new InProcessLabOptions()));
        var remote = new InProcessLabOptions { RemoteAgents = { ["far"] = new Uri("tcp://192.0.2.1:7447") } };
        var secretless = await Assert.ThrowsAsync<WttException>(() => InProcessLab.StartAsync(remote));

        Assert.Contains("no machine", empty.Message, StringComparison.Ordinal);
        Assert.Contains("SharedSecret", secretless.Message, StringComparison.Ordinal);
    }
}
