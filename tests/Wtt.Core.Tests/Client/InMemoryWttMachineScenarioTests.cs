// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.Client;

/// <summary>
/// The unit-test story of C14 through the public client API: create, initialise, the heartbeat stops, a
/// wait reports a debug break, shutdown, wait for exit; a fake clock, no process, no sleep, no socket.
/// </summary>
public sealed class InMemoryWttMachineScenarioTests
{
    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 20_000)]
    public async Task CreateInitialiseHangShutdownExit_ThroughTheClient()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));
        await using var wtt = new InMemoryWttMachine(time, "unit", new HeartbeatMonitorOptions { Interval = TimeSpan.FromSeconds(1) });
        var started = new TaskCompletionSource<(InMemoryProcess Process, IWttProcessContext Context, IThreadHeartbeat Worker)>();
        wtt.Launcher.ProcessStarted += (_, process) =>
        {
            var context = wtt.Attach(process);
            context.ShutdownToken.Register(() => process.Exit(0));
            started.TrySetResult((process, context, context.RegisterThread("worker", TimeSpan.FromSeconds(5))));
        };

        var server = await wtt.Client.CreateProcessAsync(new ProcessStartSpec("server") { Kind = ProcessKind.WttBased, DebugTimeout = TimeSpan.FromSeconds(10) });
        var (process, context, worker) = await started.Task.WaitAsync(RealTimeLimit);
        await using var detach = context;

        // Initialise.
        await context.ReportInitializedAsync();
        var initialised = await wtt.Client.WaitAsync(ProcessSet.Of(server), WaitOptions.AllInitialized with { Timeout = TimeSpan.Zero });
        Assert.Equal(WaitOutcome.Satisfied, initialised.Outcome);

        // Beat for a while: the wait for exit times out, and no debug break is reported.
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            worker.Beat();
        }

        var healthy = await wtt.Client.WaitAsync(ProcessSet.Of(server), WaitOptions.AllExited with { Timeout = TimeSpan.Zero });
        Assert.Equal((WaitOutcome.TimedOut, WaitEntryOutcome.StillWaiting), (healthy.Outcome, healthy.Entries[0].Outcome));

        // The worker hangs: the monitor (which sees a beat at its next tick) stamps for the 5 s timeout, then stops and marks the process.
        for (var i = 0; i < 7; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var info = await wtt.Client.GetProcessInfoAsync(server);
        Assert.Equal(ProcessStatus.NeedsAssistance, info.Status);
        Assert.Contains(info.Threads, t => t.Name == "worker" && t.IsStuck);

        // A wait pending now is woken by the clock when the 10 s debug timeout runs out.
        var waiting = wtt.Client.WaitAsync(ProcessSet.Of(server), WaitOptions.AllExited with { Timeout = TimeSpan.FromMinutes(5) }).AsTask();
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(10));
        var broken = await waiting.WaitAsync(RealTimeLimit);
        Assert.Equal((WaitOutcome.DebugBreak, 0), (broken.Outcome, broken.Index));
        Assert.True(broken.Entries[0].HeartbeatAge > TimeSpan.FromSeconds(10));

        // Shutdown: the child's token fires, it exits, and a wait for exit that ignores the (still stale) heartbeat is satisfied.
        var sent = await wtt.Client.SignalAsync(ProcessSet.Of(server), WttSignal.Shutdown);
        Assert.Equal(SignalOutcome.Delivered, sent.Entries[0].Outcome);
        var untilExit = WaitOptions.AllExited with { Timeout = TimeSpan.FromMinutes(1), DebugTimeout = Timeout.InfiniteTimeSpan };
        var exited = await wtt.Client.WaitAsync(ProcessSet.Of(server), untilExit).AsTask().WaitAsync(RealTimeLimit);
        Assert.Equal(WaitOutcome.Satisfied, exited.Outcome);
        Assert.Equal((ProcessStatus.Exited, 0), (exited.Entries[0].Status, exited.Entries[0].ExitCode));
        Assert.True(process.HasExited);
    }
}
