// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Tests.Contracts;

namespace Wtt.Core.Tests.Heartbeats;

/// <content>Registration, comments, snapshots and the cost of a beat.</content>
public sealed partial class HeartbeatMonitorTests
{
    [Fact]
    public void PushComment_ScopesNestAndPop()
    {
        using var worker = monitor.RegisterThread("worker");
        var before = monitor.ThreadsVersion;

        using (worker.PushComment("variation 1"))
        {
            using (worker.PushComment("step 2"))
            {
                Assert.Equal(["variation 1", "step 2"], Comments());
            }

            Assert.Equal(["variation 1"], Comments());
        }

        Assert.Empty(Comments());
        Assert.True(monitor.ThreadsVersion > before);
    }

    [Fact]
    public void PopComment_PopsTheTop_AndAnOuterScopePopsWhatWasLeftAboveIt()
    {
        using var worker = monitor.RegisterThread("worker");
        var outer = worker.PushComment("outer");
        worker.PushComment("inner");
        worker.PushComment("innermost");

        worker.PopComment();
        Assert.Equal(["outer", "inner"], Comments());

        outer.Dispose();
        outer.Dispose();
        Assert.Empty(Comments());
        worker.PopComment();
        Assert.Empty(Comments());
    }

    [Fact]
    public void GetThreads_ReportsNameTimeoutLastBeatAndStuck()
    {
        using var a = monitor.RegisterThread("a", TimeSpan.FromSeconds(5));
        using var b = monitor.RegisterThread("b", TimeSpan.FromSeconds(20));
        var start = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(6));
        b.Beat();

        var threads = monitor.GetThreads();

        Assert.Equal(["a", "b"], threads.Select(t => t.Name));
        Assert.Equal(start, threads[0].LastBeat);
        Assert.True(threads[0].IsStuck);
        Assert.Equal(TimeSpan.FromSeconds(5), threads[0].HeartbeatTimeout);
        Assert.Equal(time.GetUtcNow(), threads[1].LastBeat);
        Assert.False(threads[1].IsStuck);
    }

    [Theory]
    [InlineData("", 1.0)]
    [InlineData("  ", 1.0)]
    [InlineData("worker", 0.0)]
    [InlineData("worker", -3.0)]
    public void RegisterThread_BadNameOrTimeout_ThrowsInvalidArgument(string name, double seconds)
    {
        WttAssert.Throws(WttErrorCode.InvalidArgument, () => monitor.RegisterThread(name, TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Options_Invalid_ThrowInvalidArgument()
    {
        WttAssert.Throws(WttErrorCode.InvalidArgument, () => new HeartbeatMonitor(table, id, time, new HeartbeatMonitorOptions { Interval = TimeSpan.Zero }));
        WttAssert.Throws(WttErrorCode.InvalidArgument, () => new HeartbeatMonitor(table, id, time, new HeartbeatMonitorOptions { DefaultThreadTimeout = TimeSpan.FromSeconds(-1) }));
        WttAssert.Throws(WttErrorCode.InvalidArgument, () => new HeartbeatMonitor(table, WttProcessId.Nil, time));
    }

    [Fact(Timeout = 10_000)]
    public async Task Beat_DoesNotAllocate()
    {
        await using var systemMonitor = new HeartbeatMonitor(table, id, TimeProvider.System, new HeartbeatMonitorOptions { Interval = TimeSpan.FromHours(1) });
        using var worker = systemMonitor.RegisterThread("hot");
        worker.Beat();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            worker.Beat();
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Beat_IsSeenAtTheNextLook_SoLastBeatIsExactToWithinOneInterval()
    {
        using var worker = monitor.RegisterThread("worker", TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMilliseconds(300));
        worker.Beat();
        time.Advance(TimeSpan.FromMilliseconds(700));

        var lastBeat = Assert.Single(monitor.GetThreads()).LastBeat!.Value;
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(lastBeat, Assert.Single(monitor.GetThreads()).LastBeat);
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(5), lastBeat);
    }

    private IReadOnlyList<string> Comments() => Assert.Single(monitor.GetThreads()).Comments;
}
