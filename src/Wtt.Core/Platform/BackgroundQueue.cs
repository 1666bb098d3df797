// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;

namespace Wtt.Core.Platform;

/// <summary>
/// A queue served by one background thread of its own, which sleeps as soon as the queue is empty. A
/// <see cref="BlockingCollection{T}"/> waits through a <see cref="SemaphoreSlim"/>, which spins up to 140 rounds before
/// it sleeps, about half of them <c>sched_yield</c>: its thread made 20 of those calls for each item of a local create +
/// wait (counted with <c>perf</c>, tests/Wtt.Benchmarks/Lifecycle/README.md, twenty-third pass), on a machine whose
/// two cores the process being started and its caller need.
/// </summary>
/// <typeparam name="T">The items.</typeparam>
internal sealed class BackgroundQueue<T>
{
    private readonly ConcurrentQueue<T> _items = new();

    // No spin: Wait goes straight to sleep. The items wait for no caller, so the wake-up's delay costs no one.
    private readonly ManualResetEventSlim _work = new(initialState: false, spinCount: 0);
    private readonly Action<T> _handle;
    private int _sleeping;
    private int _threadId;

    /// <summary>Initializes a new instance of the <see cref="BackgroundQueue{T}"/> class and starts its thread.</summary>
    /// <param name="threadName">The thread's name.</param>
    /// <param name="handle">What the thread does with each item, in the order added; it must not throw.</param>
    /// <param name="onStart">What the thread does first (such as lowering its own priority), or <see langword="null"/>.</param>
    public BackgroundQueue(string threadName, Action<T> handle, Action? onStart = null)
    {
        _handle = handle;
        var thread = new Thread(() =>
        {
            _threadId = Environment.CurrentManagedThreadId;
            onStart?.Invoke();
            Run();
        })
        {
            IsBackground = true,
            Name = threadName,
        };
        thread.Start();
    }

    /// <summary>Gets a value indicating whether the thread sleeps, waiting for an item (for tests).</summary>
    internal bool Sleeping => Volatile.Read(ref _sleeping) == 1;

    /// <summary>Gets the managed id of the queue's thread, 0 before it runs (for tests).</summary>
    internal int ThreadId => Volatile.Read(ref _threadId);

    /// <summary>Queues an item, waking the thread when it sleeps.</summary>
    /// <param name="item">The item.</param>
    public void Add(T item)
    {
        _items.Enqueue(item);

        // A full fence, as the thread's exchange before its last look at the queue is: either that look sees the item,
        // or this sees the thread asleep and wakes it.
        if (Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
        {
            _work.Set();
        }
    }

    private void Run()
    {
        while (true)
        {
            while (_items.TryDequeue(out var item))
            {
                _handle(item);
            }

            _work.Reset();
            _ = Interlocked.Exchange(ref _sleeping, 1);
            if (!_items.IsEmpty)
            {
                // An item came meanwhile: take it. If its Add saw this thread asleep, it set the event too: the next round resets it.
                _ = Interlocked.Exchange(ref _sleeping, 0);
                continue;
            }

            _work.Wait();
        }
    }
}
