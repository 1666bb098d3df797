// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;
using Wtt.Core;
using Wtt.Transports;

namespace Wtt.Integration.Tests.Remote;

/// <summary>
/// Heartbeat ages of a remote process are judged by its own machine's clock: machine "b" runs an hour behind
/// machine "a", and "a" still sees b's beating process as healthy (and b's hung one as a debug break).
/// </summary>
public sealed class ClockSkewTests
{
    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(20);

    [Theory(Timeout = 60_000)]
    [InlineData(-1)]
    [InlineData(+1)]
    public async Task RemoteHeartbeat_MachinesHoursApart_JudgedByTheProcessMachineClock(int hoursOfSkew)
    {
        var start = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
        var clockA = new FakeTimeProvider(start);
        var clockB = new FakeTimeProvider(start.AddHours(hoursOfSkew));
        await using var b = new InMemoryWttMachine(clockB, "b", new HeartbeatMonitorOptions { Interval = TimeSpan.FromSeconds(1) });
        await using var a = new InMemoryWttMachine(clockA, "a");
        var secret = Guid.NewGuid().ToString("N");
        await using var agent = await WttAgentServer.StartAsync(b.Client, InMemoryTransport.Shared, new Uri($"memory://skew-{Guid.NewGuid():N}"), new WttAgentServerOptions
        {
            MachineName = "b",
            Security = { SharedSecret = secret },
        });
        var connectorOptions = new MachineConnectorOptions { SharedSecret = secret, LocalMachineName = "a" };
        connectorOptions.Machines["b"] = agent.Address;
        await using var connector = new MachineConnector(connectorOptions, [InMemoryTransport.Shared]);
        await using var client = new LocalWttClient(a.Table, a.Launcher, a.Events, a.State, clockA, new LocalWttClientOptions { MachineName = "a", SelfId = WttProcessId.Nil, InspectOsProcesses = false }, connector);

        var started = new TaskCompletionSource<(IWttProcessContext Context, IThreadHeartbeat Worker)>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Launcher.ProcessStarted += (_, process) =>
        {
            var context = b.Attach(process);
            started.TrySetResult((context, context.RegisterThread("worker", TimeSpan.FromSeconds(5))));
        };
        var server = await client.CreateProcessAsync(new ProcessStartSpec("server") { Machine = "b", Kind = ProcessKind.WttBased, DebugTimeout = TimeSpan.FromSeconds(10) });
        var (context, worker) = await started.Task.WaitAsync(RealTimeLimit);
        await context.ReportInitializedAsync();
        for (var i = 0; i < 3; i++)
        {
            clockB.Advance(TimeSpan.FromSeconds(1));
            worker.Beat();
        }

        var healthy = await client.GetProcessInfoAsync(server);
        var initialised = await client.WaitAsync(ProcessSet.Of(server), WaitOptions.AllInitialized with { Timeout = TimeSpan.Zero });
        var running = await client.WaitAsync(ProcessSet.Of(server), WaitOptions.AllExited with { Timeout = TimeSpan.Zero });
        var listed = Assert.Single(await client.GetProcessListAsync(new ProcessListOptions { Machine = "b" }));

        Assert.Equal(ProcessStatus.Initialized, healthy.Status);
        Assert.InRange(healthy.HeartbeatAge!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.InRange(listed.HeartbeatAge!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(WaitOutcome.Satisfied, initialised.Outcome);
        Assert.Equal((WaitOutcome.TimedOut, WaitEntryOutcome.StillWaiting), (running.Outcome, running.Entries[0].Outcome));

        // The worker hangs; only b's clock moves: past the debug timeout by b's clock, a sees the debug break.
        for (var i = 0; i < 20; i++)
        {
            clockB.Advance(TimeSpan.FromSeconds(1));
        }

        var hung = await client.WaitAsync(ProcessSet.Of(server), WaitOptions.AllExited with { Timeout = TimeSpan.Zero });
        Assert.Equal(WaitOutcome.DebugBreak, hung.Outcome);
        Assert.InRange(hung.Entries[0].HeartbeatAge!.Value, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));
        await context.DisposeAsync();
    }
}
