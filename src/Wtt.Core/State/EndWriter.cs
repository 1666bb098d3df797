// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <summary>
/// Writes the ends of processes to their state folders (<see cref="FolderProcessStateStore.RecordEndBehind"/>) on one
/// background thread whose nice value is raised (a lower priority; Linux keeps it per thread), so a burst of exits (a
/// terminate of a tree) is reaped and recorded in the table first, and the files follow as the CPU frees up. Written on
/// the pool, the ends shared the two cores of the machine measured with 200 dying processes: written behind, a terminate
/// of such a tree went from 1.49 to 1.45 times the baseline's time with posix_spawn, and from 1.44 to 1.375 with
/// libwttspawn, every end still written (tests/Wtt.Benchmarks/Lifecycle/README.md, twenty-first pass). Until an end is
/// on disk, its store answers for it from memory; another process reading the folder sees it once it is written.
/// </summary>
internal static class EndWriter
{
    /// <summary>The nice value of the writer's thread (0 is the default; 19 the lowest priority).</summary>
    private const int Nice = 10;

    // Before the queue, whose worker thread starts in its initializer and reads them.
    private static readonly ManualResetEventSlim Open = new(initialState: true);
    private static readonly Lock HoldGate = new();
    private static readonly BackgroundQueue<FolderProcessStateStore.PendingEnd> Queue = new("Wtt end writer", Write, LowerPriority);
    private static int holds;

    /// <summary>Queues an end to write.</summary>
    /// <param name="end">The end.</param>
    public static void Enqueue(FolderProcessStateStore.PendingEnd end) => Queue.Add(end);

    /// <summary>Holds the writes back until the result is disposed (for tests: an end that stays pending).</summary>
    /// <returns>The hold.</returns>
    internal static IDisposable Hold()
    {
        lock (HoldGate)
        {
            if (holds++ == 0)
            {
                Open.Reset();
            }
        }

        return new Held();
    }

    private static void LowerPriority()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = LibC.setpriority(0, 0, Nice); // who 0: this thread (a failure leaves it at the default)
        }
    }

    private static void Write(FolderProcessStateStore.PendingEnd end)
    {
        Open.Wait();
        end.Write();
    }

    private sealed class Held : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            lock (HoldGate)
            {
                if (--holds == 0)
                {
                    Open.Set();
                }
            }
        }
    }
}
