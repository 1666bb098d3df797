// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.Heartbeats;

public sealed partial class HeartbeatMonitorTests : IAsyncLifetime
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryProcessTable table;
    private readonly WttProcessId id;
    private HeartbeatMonitor monitor = null!;

    public HeartbeatMonitorTests()
    {
        table = new InMemoryProcessTable(time);
        id = table.Add(new ProcessRecord(WttProcessId.New()) { Kind = ProcessKind.WttBased, Status = ProcessStatus.Initialized }).Id;
    }

    public Task InitializeAsync()
    {
        monitor = Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await monitor.DisposeAsync();
        await table.DisposeAsync();
    }

    [Fact]
    public void Timer_AllThreadsBeating_StampsTheRowEveryInterval()
    {
        using var worker = monitor.RegisterThread("worker");

        for (var i = 1; i <= 3; i++)
        {
            time.Advance(Second);
            worker.Beat();
            Assert.Equal(time.GetUtcNow(), Row().LastHeartbeat);
        }

        Assert.Equal(Second, monitor.Interval);
    }

    [Fact]
    public void Timer_NoThreads_StampsTheRow()
    {
        time.Advance(Second);
        Assert.Equal(time.GetUtcNow(), Row().LastHeartbeat);
    }

    [Fact]
    public void Tick_ThreadMissesItsTimeout_StopsStampingAndNamesItOnce()
    {
        var stuck = new List<ThreadInfo>();
        monitor.ThreadStuck += (_, info) => stuck.Add(info);
        using var healthy = monitor.RegisterThread("healthy");
        using var worker = monitor.RegisterThread("worker", TimeSpan.FromSeconds(3));
        using var scope = worker.PushComment("reading the socket");

        for (var i = 0; i < 3; i++)
        {
            time.Advance(Second);
            healthy.Beat();
        }

        var lastStamp = Row().LastHeartbeat;
        Assert.Equal(time.GetUtcNow(), lastStamp);

        time.Advance(Second);
        healthy.Beat();
        time.Advance(Second);

        Assert.Equal(lastStamp, Row().LastHeartbeat);
        var info = Assert.Single(stuck);
        Assert.Equal("worker", info.Name);
        Assert.True(info.IsStuck);
        Assert.Equal(["reading the socket"], info.Comments);
        Assert.False(monitor.Tick());
        Assert.Single(stuck);
        Assert.True(monitor.GetThreads().Single(t => t.Name == "worker").IsStuck);
        Assert.False(monitor.GetThreads().Single(t => t.Name == "healthy").IsStuck);
    }

    [Fact]
    public void InfiniteTimeout_NeverStuck()
    {
        using var worker = monitor.RegisterThread("idle", Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromHours(1));
        Assert.True(monitor.Tick());
        Assert.False(Assert.Single(monitor.GetThreads()).IsStuck);
    }

    [Fact]
    public void DefaultThreadTimeout_AppliesToThreadsRegisteredWithoutOne()
    {
        using var worker = monitor.RegisterThread("worker");
        Assert.Equal(new HeartbeatMonitorOptions().DefaultThreadTimeout, worker.Timeout);
        Assert.Equal(worker.Timeout, Assert.Single(monitor.GetThreads()).HeartbeatTimeout);
    }

    [Fact]
    public void Tick_PublishesTheThreadCountToTheRow()
    {
        using var a = monitor.RegisterThread("a");
        using var b = monitor.RegisterThread("b");
        monitor.Tick();
        Assert.Equal(2, Row().ThreadCount);
        b.Dispose();
        monitor.Tick();
        Assert.Equal(1, Row().ThreadCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task Dispose_StopsTheTimer()
    {
        var attachedAt = Row().LastHeartbeat;
        await monitor.DisposeAsync();
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(attachedAt, Row().LastHeartbeat);
        Assert.False(monitor.Tick());
    }

    [Fact]
    public void Timer_RowRemoved_RecordsTheErrorAndKeepsGoing()
    {
        table.Remove(id);
        time.Advance(Second);
        Assert.Equal(WttErrorCode.UnknownProcess, Assert.IsType<WttException>(monitor.LastTickError).ErrorCode);
    }

    private HeartbeatMonitor Create(HeartbeatMonitorOptions? options = null) => new(table, id, time, options);

    private ProcessRecord Row() => table.TryGet(id, out var row) ? row : throw new InvalidOperationException("no row");
}
