// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Platform;

namespace Wtt.ProcessTable;

/// <summary>
/// One dedicated thread per table instance that sleeps on the table's change counter while someone waits:
/// futex(FUTEX_WAIT) on its low 32 bits in the shared mapping on Linux (woken by FUTEX_WAKE from writers in any
/// process), a 10 ms poll elsewhere. On every wake it checks each pending waiter's condition.
/// </summary>
internal sealed unsafe class ChangeWatcher : IDisposable
{
    private const int FutexBackstopMilliseconds = 1000;
    private const int PollMilliseconds = 10;

    private readonly SharedMemoryProcessTable _table;
    private readonly int* _word;
    private readonly int* _waiters;
    private readonly Lock _gate = new();
    private readonly List<Waiter> _pending = [];
    private readonly ManualResetEventSlim _hasWaiters = new(false);
    private Thread? _thread;
    private volatile bool _disposed;

    public ChangeWatcher(SharedMemoryProcessTable table, long* changeCounter, int* waiters)
    {
        _table = table;
        _word = (int*)changeCounter; // Little-endian: the low half comes first.
        _waiters = waiters;
    }

    /// <summary>Wakes every thread that sleeps on the change counter, in any process.</summary>
    public void WakeAll()
    {
        if (Futex.IsSupported)
        {
            Futex.WakeAll(_word);
        }
    }

    /// <summary>Adds a waiter; the thread checks it at once and on every change.</summary>
    /// <param name="waiter">The waiter.</param>
    public void Register(Waiter waiter)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                waiter.Fail(new WttException(WttErrorCode.Closed, "The process table was disposed; open it again to wait."));
                return;
            }

            _pending.Add(waiter);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "Wtt table watcher" };
                _thread.Start();
            }

            _hasWaiters.Set();
        }
    }

    /// <summary>Removes a waiter that ended by itself (timeout, cancellation).</summary>
    /// <param name="waiter">The waiter.</param>
    public void Unregister(Waiter waiter)
    {
        lock (_gate)
        {
            _pending.Remove(waiter);
        }
    }

    /// <summary>Stops the thread and fails the waits still pending.</summary>
    public void Dispose()
    {
        Thread? thread;
        Waiter[] left;
        lock (_gate)
        {
            _disposed = true;
            thread = _thread;
            left = [.. _pending];
            _pending.Clear();
            _hasWaiters.Set();
        }

        WakeAll();
        thread?.Join(TimeSpan.FromSeconds(2));
        foreach (var waiter in left)
        {
            waiter.Fail(new WttException(WttErrorCode.Closed, "The process table was disposed while a wait was pending."));
        }

        _hasWaiters.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _hasWaiters.Wait();
            if (_disposed)
            {
                return;
            }

            Interlocked.Increment(ref *_waiters);
            try
            {
                var seen = Volatile.Read(ref *_word);
                if (!CheckAll())
                {
                    continue;
                }

                if (Futex.IsSupported)
                {
                    Futex.Wait(_word, seen, FutexBackstopMilliseconds);
                }
                else
                {
                    Thread.Sleep(PollMilliseconds);
                }
            }
            finally
            {
                Interlocked.Decrement(ref *_waiters);
            }
        }
    }

    /// <summary>Completes every waiter whose condition holds.</summary>
    /// <returns><see langword="true"/> while waiters remain.</returns>
    private bool CheckAll()
    {
        Waiter[] snapshot;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                _hasWaiters.Reset();
                return false;
            }

            snapshot = [.. _pending];
        }

        foreach (var waiter in snapshot)
        {
            if (waiter.Check(_table))
            {
                Unregister(waiter);
            }
        }

        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                _hasWaiters.Reset();
                return false;
            }

            return !_disposed;
        }
    }

    /// <summary>A pending wait: a condition on the table and the task that completes when it holds.</summary>
    /// <param name="condition">Returns the value to complete with when the condition holds, or null; may throw.</param>
    internal sealed class Waiter(Func<SharedMemoryProcessTable, long?> condition)
    {
        private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Gets the task that completes with the value.</summary>
        public Task<long> Task => _completion.Task;

        /// <summary>Checks the condition and completes the task when it holds.</summary>
        /// <param name="table">The table.</param>
        /// <returns><see langword="true"/> when the task is complete.</returns>
        public bool Check(SharedMemoryProcessTable table)
        {
            if (_completion.Task.IsCompleted)
            {
                return true;
            }

            try
            {
                var value = condition(table);
                return value is { } v && _completion.TrySetResult(v);
            }
            catch (Exception ex)
            {
                _completion.TrySetException(ex);
                return true;
            }
        }

        /// <summary>Ends the wait with a value.</summary>
        /// <param name="value">The value.</param>
        public void Complete(long value) => _completion.TrySetResult(value);

        /// <summary>Ends the wait with an error.</summary>
        /// <param name="error">The error.</param>
        public void Fail(Exception error) => _completion.TrySetException(error);

        /// <summary>Ends the wait as cancelled.</summary>
        /// <param name="cancellationToken">The token.</param>
        public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
    }
}
