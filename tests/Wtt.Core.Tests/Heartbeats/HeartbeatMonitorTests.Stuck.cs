// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core.Tests.Heartbeats;

/// <content>Marking a stuck process and recovering.</content>
public sealed partial class HeartbeatMonitorTests
{
    [Fact]
    public void Stuck_MarksNeedsAssistance_AndRecoveryPutsTheStatusBack()
    {
        using var worker = monitor.RegisterThread("worker", TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(ProcessStatus.NeedsAssistance, Row().Status);
        Assert.True(monitor.IsProcessStuck);

        worker.Beat();
        time.Advance(Second);

        Assert.Equal(ProcessStatus.Initialized, Row().Status);
        Assert.Equal(time.GetUtcNow(), Row().LastHeartbeat);
        Assert.False(monitor.IsProcessStuck);
    }

    [Fact]
    public void Stuck_ThenUnregistered_Recovers()
    {
        var worker = monitor.RegisterThread("worker", TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(ProcessStatus.NeedsAssistance, Row().Status);

        worker.Dispose();
        Assert.True(monitor.Tick());

        Assert.Equal(ProcessStatus.Initialized, Row().Status);
        Assert.Empty(monitor.GetThreads());
    }

    [Fact]
    public void Stuck_AgainAfterRecovery_IsReportedAgain()
    {
        var names = new List<string>();
        monitor.ThreadStuck += (_, info) => names.Add(info.Name);
        using var worker = monitor.RegisterThread("worker", TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(3));
        worker.Beat();
        time.Advance(Second);
        Assert.False(monitor.IsProcessStuck);
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(["worker", "worker"], names);
    }

    [Fact]
    public void Stuck_ProcessAlreadyEnded_KeepsTheEndedStatus()
    {
        using var worker = monitor.RegisterThread("worker", TimeSpan.FromSeconds(2));
        table.SetStatus(id, ProcessStatus.Exited);

        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(ProcessStatus.Exited, Row().Status);
    }

    [Fact]
    public void Stuck_WithADebuggerAttached_MarksDebugBreakAndBreaksWhenAsked()
    {
        var breaks = 0;
        var breaking = Create(new HeartbeatMonitorOptions { BreakIntoDebugger = true });
        breaking.IsDebuggerAttached = () => true;
        breaking.BreakAction = () => breaks++;
        using var worker = breaking.RegisterThread("worker", TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(ProcessStatus.DebugBreak, Row().Status);
        Assert.Equal(1, breaks);
    }

    [Fact]
    public void Stuck_WithADebuggerAttachedButNoBreakOption_DoesNotBreak()
    {
        var breaks = 0;
        monitor.IsDebuggerAttached = () => true;
        monitor.BreakAction = () => breaks++;
        using var worker = monitor.RegisterThread("worker", TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(ProcessStatus.DebugBreak, Row().Status);
        Assert.Equal(0, breaks);
    }
}
