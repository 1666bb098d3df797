// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core.Tests.Platform;

public sealed class BackgroundQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 30_000)]
    public async Task Add_ManyItems_HandledInOrderOnTheQueuesThreadAfterItsStart()
    {
        var handled = new List<int>();
        var threads = new HashSet<int>();
        var started = -1;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new BackgroundQueue<int>(
            "queue test",
            item =>
            {
                handled.Add(item);
                _ = threads.Add(Environment.CurrentManagedThreadId);
                if (item == 999)
                {
                    done.SetResult();
                }
            },
            () => started = handled.Count);

        for (var i = 0; i < 1000; i++)
        {
            queue.Add(i);
        }

        await done.Task.WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 1000), handled);
        Assert.Equal([queue.ThreadId], threads);
        Assert.Equal(0, started);
    }

    [Fact(Timeout = 30_000)]
    public async Task Add_WhileTheThreadSleeps_WakesIt()
    {
        var handled = new SemaphoreSlim(0);
        var queue = new BackgroundQueue<int>("queue test", _ => handled.Release());
        for (var round = 0; round < 20; round++)
        {
            // Only once the thread has found the queue empty and gone to sleep: an item that does not wake it is never handled.
            Assert.True(SpinWait.SpinUntil(() => queue.Sleeping, Patience), "the queue's thread never slept");
            queue.Add(round);
            Assert.True(await handled.WaitAsync(Patience), $"round {round}: the item added while the thread slept was not handled");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Add_FromManyThreadsInBursts_EveryItemHandledOnce()
    {
        // Bursts with pauses between them make the thread go to sleep and wake again and again while items come in: a
        // wake-up lost between its last look at the queue and its sleep leaves items unhandled, and the wait below fails.
        const int Producers = 4;
        const int PerProducer = 20_000;
        var counts = new int[Producers * PerProducer];
        var remaining = counts.Length;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new BackgroundQueue<int>("queue test", item =>
        {
            counts[item]++;
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                done.SetResult();
            }
        });

        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < PerProducer; i++)
            {
                queue.Add((p * PerProducer) + i);
                if (i % 64 == 0)
                {
                    Thread.Yield();
                }
            }
        }));
        await Task.WhenAll(producers);

        var finished = await Task.WhenAny(done.Task, Task.Delay(Patience));
        Assert.True(finished == done.Task, $"{Volatile.Read(ref remaining)} items were never handled");
        Assert.All(counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Add_RightAfterTheLastItemIsHandled_IsHandledWithoutAnotherAdd()
    {
        // Each item is added the moment the one before is handled, while the thread goes from its empty queue to its
        // sleep: an item that slips in there unseen, with nothing added after it, would wait for good.
        const int Rounds = 100_000;
        var handled = 0;
        var queue = new BackgroundQueue<int>("queue test", _ => Interlocked.Increment(ref handled));
        for (var round = 0; round < Rounds; round++)
        {
            queue.Add(round);
            var target = round + 1;
            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref handled) == target, Patience), $"round {round}: the item was not handled");
        }
    }
}
