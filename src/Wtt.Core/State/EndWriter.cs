// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <summary>
/// Writes the ends of processes to their state folders (<see cref="FolderProcessStateStore.RecordEndBehind"/>). A lone
/// end, with no other end waiting or being written, is written at once on the thread that records it. Ends that come
/// while another is unwritten, or while a terminate of many processes is under way (<see cref="Burst"/>), go to one
/// background thread whose nice value is raised (a lower priority; Linux keeps it per thread), so the burst is reaped
/// and recorded in the table first, and the files follow as the CPU frees up.
/// </summary>
/// <remarks>
/// <para>Written on the pool, the ends of a burst shared the two cores of the machine measured with 200 dying processes:
/// written behind, a terminate of such a tree went from 1.49 to 1.45 times the baseline's time with posix_spawn, and
/// from 1.44 to 1.375 with libwttspawn, every end still written (tests/Wtt.Benchmarks/Lifecycle/README.md, twenty-first
/// pass). Until an end is on disk, its store answers for it from memory; another process reading the folder sees it once
/// it is written.</para>
/// <para>A lone end handed to the thread cost a local create + wait two wake-ups (the writer's, then the pool's for the
/// rest of the end): 0.02–0.03 of <c>Process.Start</c>'s time on the machine measured, as much as the write itself
/// (tests/Wtt.Benchmarks/Lifecycle/README.md, twenty-fourth pass).</para>
/// </remarks>
internal static class EndWriter
{
    /// <summary>The nice value of the writer's thread (0 is the default; 19 the lowest priority).</summary>
    private const int Nice = 10;

    // Before the queue, whose worker thread starts in its initializer and reads them.
    private static readonly Gate AllWrites = new();
    private static readonly Gate WritesBehind = new();
    private static readonly BackgroundQueue<FolderProcessStateStore.PendingEnd> Queue = new("Wtt end writer", WriteBehind, LowerPriority);

    /// <summary>The ends queued or being written, here or on the caller's thread.</summary>
    private static int unwritten;

    /// <summary>The bursts of exits under way (<see cref="Burst"/>).</summary>
    private static int bursts;

    /// <summary>
    /// Writes an end on this thread when no other end is waiting or being written and the writes are not held back;
    /// queues it for the writer's thread otherwise.
    /// </summary>
    /// <param name="end">The end.</param>
    public static void Write(FolderProcessStateStore.PendingEnd end)
    {
        if (Volatile.Read(ref bursts) == 0 && AllWrites.IsOpen && Interlocked.CompareExchange(ref unwritten, 1, 0) == 0)
        {
            WriteCounted(end);
            return;
        }

        _ = Interlocked.Increment(ref unwritten);
        Queue.Add(end);
    }

    /// <summary>
    /// Marks a burst of exits under way until the result is disposed (a terminate of many processes): every end recorded
    /// meanwhile is written behind, lone or not. Ends that come one by one in a burst would each find the others written
    /// and take the CPU from the reaping of the rest.
    /// </summary>
    /// <returns>The mark.</returns>
    public static IDisposable Burst()
    {
        _ = Interlocked.Increment(ref bursts);
        return new Once(static () => Interlocked.Decrement(ref bursts));
    }

    /// <summary>
    /// Holds writes back until the result is disposed (for tests): every write, so that an end stays pending, or with
    /// <paramref name="behindOnly"/> those of the writer's thread, so that the ends queued stay unwritten.
    /// </summary>
    /// <param name="behindOnly">Whether only the writer's thread is held.</param>
    /// <returns>The hold.</returns>
    internal static IDisposable Hold(bool behindOnly = false) => (behindOnly ? WritesBehind : AllWrites).Hold();

    private static void LowerPriority()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = LibC.setpriority(0, 0, Nice); // who 0: this thread (a failure leaves it at the default)
        }
    }

    private static void WriteBehind(FolderProcessStateStore.PendingEnd end)
    {
        AllWrites.Wait();
        WritesBehind.Wait();
        WriteCounted(end);
    }

    /// <summary>Writes an end counted in <see cref="unwritten"/>, which no longer counts it once its write completes.</summary>
    private static void WriteCounted(FolderProcessStateStore.PendingEnd end) => end.Write(Written);

    private static void Written() => Interlocked.Decrement(ref unwritten);

    /// <summary>Runs its action on the first dispose only.</summary>
    private sealed class Once(Action release) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                release();
            }
        }
    }

    /// <summary>Open unless held; closed while any hold is kept.</summary>
    private sealed class Gate
    {
        private readonly ManualResetEventSlim _open = new(initialState: true);
        private readonly Lock _lock = new();
        private int _holds;

        public bool IsOpen => _open.IsSet;

        public void Wait() => _open.Wait();

        public IDisposable Hold()
        {
            lock (_lock)
            {
                if (_holds++ == 0)
                {
                    _open.Reset();
                }
            }

            return new Once(Release);
        }

        private void Release()
        {
            lock (_lock)
            {
                if (--_holds == 0)
                {
                    _open.Set();
                }
            }
        }
    }
}
