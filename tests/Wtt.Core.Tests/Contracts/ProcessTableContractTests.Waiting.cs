// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.Contracts;

/// <content>Waits for changes and events.</content>
public abstract partial class ProcessTableContractTests
{
    private static readonly TimeSpan TestWait = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 10_000)]
    public async Task WaitForChangeAsync_CounterAlreadyDiffers_ReturnsAtOnce()
    {
        var table = Create();
        var observed = table.ChangeCounter;
        table.Add(Row());

        var counter = await table.WaitForChangeAsync(observed, Timeout.InfiniteTimeSpan);

        Assert.Equal(table.ChangeCounter, counter);
        Assert.NotEqual(observed, counter);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChangeAsync_WakesOnAChange()
    {
        var table = Create();
        var row = table.Add(Row());
        var observed = table.ChangeCounter;

        var wait = table.WaitForChangeAsync(observed, Timeout.InfiniteTimeSpan).AsTask();
        Assert.False(wait.IsCompleted);
        table.SetStatus(row.Id, ProcessStatus.Exited);

        Assert.NotEqual(observed, await wait.WaitAsync(TestWait));
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChangeAsync_NoChange_ReturnsObservedWhenTheTimeoutPasses()
    {
        var table = Create();
        table.Add(Row());
        var observed = table.ChangeCounter;

        var wait = table.WaitForChangeAsync(observed, TimeSpan.FromSeconds(5)).AsTask();
        Time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(wait.IsCompleted);
        Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(observed, await wait.WaitAsync(TestWait));
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChangeAsync_ZeroTimeout_ReturnsAtOnce()
    {
        var table = Create();
        var observed = table.ChangeCounter;
        Assert.Equal(observed, await table.WaitForChangeAsync(observed, TimeSpan.Zero).AsTask().WaitAsync(TestWait));
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChangeAsync_Cancelled_ThrowsOperationCanceled()
    {
        var table = Create();
        using var cts = new CancellationTokenSource();
        var wait = table.WaitForChangeAsync(table.ChangeCounter, Timeout.InfiniteTimeSpan, cts.Token).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TestWait));
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForEventAsync_WakesOnPostEvent_NotOnOtherChanges()
    {
        var table = Create();
        var row = table.Add(Row());
        var other = table.Add(Row());

        var wait = table.WaitForEventAsync(row.Id, 0, Timeout.InfiniteTimeSpan).AsTask();
        table.SetStatus(row.Id, ProcessStatus.Initialized);
        table.StampHeartbeat(row.Id, Time.GetUtcNow());
        table.PostEvent(other.Id, ProcessEventBits.Shutdown);
        Assert.False(wait.IsCompleted);

        var sequence = table.PostEvent(row.Id, ProcessEventBits.QueuedEvents);

        Assert.Equal(sequence, await wait.WaitAsync(TestWait));
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForEventAsync_SequenceAlreadyDiffers_ReturnsAtOnce()
    {
        var table = Create();
        var row = table.Add(Row());
        var sequence = table.PostEvent(row.Id, ProcessEventBits.Shutdown);

        Assert.Equal(sequence, await table.WaitForEventAsync(row.Id, 0, Timeout.InfiniteTimeSpan).AsTask().WaitAsync(TestWait));
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForEventAsync_NoEvent_ReturnsObservedWhenTheTimeoutPasses()
    {
        var table = Create();
        var row = table.Add(Row());

        var wait = table.WaitForEventAsync(row.Id, 0, TimeSpan.FromSeconds(2)).AsTask();
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(wait.IsCompleted);
        Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, await wait.WaitAsync(TestWait));
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChangeAsync_ManyWaiters_AllWakeOnOneChange()
    {
        var table = Create();
        var row = table.Add(Row());
        var observed = table.ChangeCounter;
        var waits = Enumerable.Range(0, 20).Select(_ => table.WaitForChangeAsync(observed, Timeout.InfiniteTimeSpan).AsTask()).ToList();

        table.StampHeartbeat(row.Id, Time.GetUtcNow());

        var counters = await Task.WhenAll(waits).WaitAsync(TestWait);
        Assert.All(counters, c => Assert.NotEqual(observed, c));
    }

    [Fact(Timeout = 20_000)]
    public async Task ConcurrentChanges_FromManyTasks_LoseNothing()
    {
        const int Tasks = 8;
        const int Each = 200;
        var table = Create();
        var row = table.Add(Row());
        var before = table.ChangeCounter;

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < Each; i++)
            {
                table.PostEvent(row.Id, ProcessEventBits.QueuedEvents);
                table.Update(row.Id, r => r with { Pid = r.Pid + 1 });
            }
        }))).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(table.TryGet(row.Id, out var read));
        Assert.Equal(Tasks * Each, read.EventSequence);
        Assert.Equal(Tasks * Each, read.Pid);
        Assert.True(table.ChangeCounter - before >= 2 * Tasks * Each);
    }
}
