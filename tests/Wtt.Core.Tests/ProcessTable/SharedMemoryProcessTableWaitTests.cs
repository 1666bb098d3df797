// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.ProcessTable;

public sealed class SharedMemoryProcessTableWaitTests : IDisposable
{
    private readonly TempTableFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact(Timeout = 10_000)]
    public async Task WaitForChange_AddByAnotherInstance_Wakes()
    {
        await using var waiting = _folder.Open();
        await using var writer = _folder.Open();
        var observed = waiting.ChangeCounter;

        var wait = waiting.WaitForChangeAsync(observed, Timeout.InfiniteTimeSpan).AsTask();
        writer.Add(new ProcessRecord(WttProcessId.New()));

        Assert.NotEqual(observed, await wait);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChange_WriteBySameInstance_CompletesOnTheWritersThreadWithoutWakingOthers()
    {
        await using var table = _folder.Open();
        var observed = table.ChangeCounter;
        var wait = table.WaitForChangeAsync(observed, Timeout.InfiniteTimeSpan).AsTask();
        Assert.Equal(1, table.WaitingInstancesForTesting);

        table.Add(new ProcessRecord(WttProcessId.New()));

        // The write checked the instance's own wait: none is left, so the instance no longer counts among the waiters
        // that writers wake (before, that waited for the watch thread to wake and check).
        Assert.Equal(0, table.WaitingInstancesForTesting);
        Assert.Equal(table.ChangeCounter, await wait);
    }

    [Fact(Timeout = 60_000)]
    public async Task WaitForChange_WriteBySameInstanceWhileTheWatchThreadChecksToo_NeverLeavesTheInstanceCounted()
    {
        // The writer's check and the watch thread's (its first, when the table joins) race on the same wait: whichever
        // completes it, once the write returns the instance has no pending wait and is not counted among the waiters.
        // Several loops at once keep the shared watch thread busy, so the two checks overlap often.
        var counted = 0;
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                using var folder = new TempTableFolder();
                await using var table = folder.Open();
                var wait = table.WaitForChangeAsync(table.ChangeCounter, Timeout.InfiniteTimeSpan).AsTask();

                table.Add(new ProcessRecord(WttProcessId.New()));

                if (table.WaitingInstancesForTesting != 0)
                {
                    _ = Interlocked.Increment(ref counted);
                }

                Assert.Equal(table.ChangeCounter, await wait);
            }
        })));

        Assert.Equal(0, counted);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChange_MoreWaitsThanTheWriterChecks_AllWakeThroughTheWatchThread()
    {
        await using var table = _folder.Open();
        var observed = table.ChangeCounter;
        var waits = Enumerable.Range(0, ChangeWatcher.WriterChecks + 1).Select(_ => table.WaitForChangeAsync(observed, Timeout.InfiniteTimeSpan).AsTask()).ToList();

        table.Add(new ProcessRecord(WttProcessId.New()));

        Assert.All(await Task.WhenAll(waits), value => Assert.NotEqual(observed, value));
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChange_SameInstanceWriteWhileAnotherInstanceWaits_WakesBoth()
    {
        await using var first = _folder.Open();
        await using var second = _folder.Open();
        var observed = first.ChangeCounter;
        var own = first.WaitForChangeAsync(observed, Timeout.InfiniteTimeSpan).AsTask();
        var other = second.WaitForChangeAsync(observed, Timeout.InfiniteTimeSpan).AsTask();
        Assert.Equal(2, first.WaitingInstancesForTesting);

        first.Add(new ProcessRecord(WttProcessId.New()));

        Assert.NotEqual(observed, await own);
        Assert.NotEqual(observed, await other);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChange_AlreadyChanged_ReturnsAtOnce()
    {
        await using var table = _folder.Open();
        var observed = table.ChangeCounter;
        table.Add(new ProcessRecord(WttProcessId.New()));

        var wait = table.WaitForChangeAsync(observed, Timeout.InfiniteTimeSpan);

        Assert.True(wait.IsCompleted);
        Assert.Equal(table.ChangeCounter, await wait);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChange_Timeout_ReturnsObservedWhenFakeTimeAdvances()
    {
        var time = new FakeTimeProvider();
        await using var table = _folder.Open(time: time);
        var observed = table.ChangeCounter;

        var wait = table.WaitForChangeAsync(observed, TimeSpan.FromSeconds(5)).AsTask();
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(observed, await wait);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForChange_Cancelled_ThrowsOperationCanceled()
    {
        await using var table = _folder.Open();
        using var cancel = new CancellationTokenSource();

        var wait = table.WaitForChangeAsync(table.ChangeCounter, Timeout.InfiniteTimeSpan, cancel.Token).AsTask();
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    [Fact]
    public async Task WaitForChange_NegativeTimeout_ThrowsInvalidArgument()
    {
        await using var table = _folder.Open();

        var error = await Assert.ThrowsAsync<WttException>(() => table.WaitForChangeAsync(0, TimeSpan.FromSeconds(-2)).AsTask());
        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForEvent_PostByAnotherInstance_WakesWithNewSequence()
    {
        await using var waiting = _folder.Open();
        await using var sender = _folder.Open();
        var id = WttProcessId.New();
        waiting.Add(new ProcessRecord(id));

        var wait = waiting.WaitForEventAsync(id, 0, Timeout.InfiniteTimeSpan).AsTask();
        sender.StampHeartbeat(id, DateTimeOffset.UnixEpoch); // A change that is not an event keeps it waiting.
        var sequence = sender.PostEvent(id, ProcessEventBits.Shutdown);

        Assert.Equal(sequence, await wait);
        Assert.Equal(ProcessEventBits.Shutdown, waiting.TakeEvents(id));
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForEvent_RowRemovedWhileWaiting_ThrowsUnknownProcess()
    {
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id));

        var wait = table.WaitForEventAsync(id, 0, Timeout.InfiniteTimeSpan).AsTask();
        table.Remove(id);

        Assert.Equal(WttErrorCode.UnknownProcess, (await Assert.ThrowsAsync<WttException>(() => wait)).ErrorCode);
    }

    [Fact]
    public async Task WaitForEvent_UnknownId_ThrowsUnknownProcess()
    {
        await using var table = _folder.Open();

        var error = await Assert.ThrowsAsync<WttException>(() => table.WaitForEventAsync(WttProcessId.New(), 0, TimeSpan.FromSeconds(1)).AsTask());
        Assert.Equal(WttErrorCode.UnknownProcess, error.ErrorCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task Dispose_WithPendingWait_FailsItClosed()
    {
        var table = _folder.Open();
        var wait = table.WaitForChangeAsync(table.ChangeCounter, Timeout.InfiniteTimeSpan).AsTask();

        await table.DisposeAsync();

        Assert.Equal(WttErrorCode.Closed, (await Assert.ThrowsAsync<WttException>(() => wait)).ErrorCode);
    }
}
