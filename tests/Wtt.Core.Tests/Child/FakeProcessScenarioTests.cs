// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.Child;

/// <summary>
/// The C14 story on the doubles alone, with the bookkeeping a client would do written out: create,
/// initialise, heartbeat stops, shutdown, exit, with a fake clock and no real process, sleep or socket.
/// </summary>
public sealed class FakeProcessScenarioTests
{
    private static readonly TimeSpan TestWait = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 10_000)]
    public async Task CreateInitialiseHangShutdownExit_RunsOnTheDoublesWithAFakeClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));
        await using var table = new InMemoryProcessTable(time);
        var bus = new InMemoryGlobalEventBus(table);
        var store = new InMemoryProcessStateStore(time);
        var launcher = new InMemoryProcessLauncher(time);

        // The "child": when started, it attaches, reports initialisation, runs a worker, and exits on shutdown.
        var attached = new TaskCompletionSource<(InMemoryProcess Process, IWttProcessContext Context, IThreadHeartbeat Worker)>();
        launcher.ProcessStarted += (_, p) =>
        {
            var context = p.AttachContext(table, bus, store, new HeartbeatMonitorOptions { Interval = TimeSpan.FromSeconds(1) });
            context.ShutdownToken.Register(() =>
            {
                p.WriteOutput("bye\n");
                p.Exit(0);
            });
            var worker = context.RegisterThread("worker", TimeSpan.FromSeconds(5));
            attached.TrySetResult((p, context, worker));
        };

        // The "client": a row, then the launch.
        var spec = new ProcessStartSpec("server") { Kind = ProcessKind.WttBased, DebugTimeout = TimeSpan.FromSeconds(10) };
        var id = table.Add(new ProcessRecord(WttProcessId.New()) { Kind = spec.Kind, Status = ProcessStatus.Created, DebugTimeout = spec.DebugTimeout }).Id;
        var launched = await launcher.StartAsync(new ProcessLaunchRequest(spec, id, WttProcessId.Nil, WttProcessId.Nil));
        table.Update(id, r => r with { Pid = launched.Pid, ProcessStartTime = launched.StartTime, Status = ProcessStatus.Running });
        var (process, child, worker) = await attached.Task.WaitAsync(TestWait);
        await using var detach = child;

        // Initialise: a table waiter sees it.
        var observed = table.ChangeCounter;
        await child.ReportInitializedAsync();
        await table.WaitForChangeAsync(observed, TestWait);
        Assert.Equal(ProcessStatus.Initialized, Row(table, id).Status);

        // Beating: the row is stamped every second.
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            worker.Beat();
        }

        var lastStamp = Row(table, id).LastHeartbeat!.Value;
        Assert.Equal(time.GetUtcNow(), lastStamp);

        // The worker hangs: stamps stop once its 5 s timeout passes, the process needs assistance, and a
        // waiter judging the row's heartbeat age against its debug timeout would report a debug break.
        var lastBeat = time.GetUtcNow();
        for (var i = 0; i < 17; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var row = Row(table, id);
        Assert.Equal(ProcessStatus.NeedsAssistance, row.Status);
        // The monitor sees a beat at its next tick, so stamps stop 5 to 6 s after the last beat.
        Assert.InRange(row.LastHeartbeat!.Value, lastBeat + TimeSpan.FromSeconds(5), lastBeat + TimeSpan.FromSeconds(6));
        Assert.True(time.GetUtcNow() - row.LastHeartbeat!.Value > row.DebugTimeout);

        // Shutdown: the child's token fires and the fake process exits.
        Assert.Equal(SignalOutcome.Delivered, await bus.SendAsync(id, WttSignal.Shutdown));
        var exit = await launched.Exited.WaitAsync(TestWait);
        Assert.Equal(0, exit.ExitCode);
        Assert.True(process.HasExited);
        var output = new List<string>();
        await foreach (var chunk in launched.Output)
        {
            output.Add(chunk.Text());
        }

        Assert.Equal(["bye\n"], output);

        table.Update(id, r => r with { Status = ProcessStatus.Exited, ExitCode = exit.ExitCode });
        Assert.Equal(SignalOutcome.AlreadyExited, await bus.SendAsync(id, WttSignal.Shutdown));
    }

    private static ProcessRecord Row(InMemoryProcessTable table, WttProcessId id)
        => table.TryGet(id, out var row) ? row : throw new InvalidOperationException("no row");
}
