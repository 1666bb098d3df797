// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Wtt.Benchmarks.Lab;

/// <summary>
/// What this process holds at one moment, read from <c>/proc/self</c> (Linux): resident memory (VmRSS, split into
/// anonymous, file and shared-memory pages), threads (and how many are the thread pool's), mappings, open descriptors (and how many of them are sockets),
/// plus the GC's heap and committed bytes.
/// </summary>
internal readonly record struct ProcessFootprint(
    long RssKb, long AnonKb, long FileKb, long ShmemKb, int Threads, int PoolThreads, int Mappings, int Descriptors, int Sockets, long HeapBytes, long CommittedBytes)
{
    /// <summary>Reads the footprint now, without collecting.</summary>
    /// <returns>The footprint.</returns>
    public static ProcessFootprint Read()
    {
        long rss = 0, anon = 0, file = 0, shmem = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kb(line);
            }
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anon = Kb(line);
            }
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
            {
                file = Kb(line);
            }
            else if (line.StartsWith("RssShmem:", StringComparison.Ordinal))
            {
                shmem = Kb(line);
            }
        }

        var descriptors = Directory.GetFiles("/proc/self/fd");
        var gc = GC.GetGCMemoryInfo();
        return new ProcessFootprint(
            rss,
            anon,
            file,
            shmem,
            ThreadCount(),
            ThreadPool.ThreadCount,
            File.ReadLines("/proc/self/maps").Count(),
            descriptors.Length,
            descriptors.Count(IsSocket),
            gc.HeapSizeBytes,
            gc.TotalCommittedBytes);
    }

    /// <summary>Reads the footprint after a full blocking compacting collection (the large object heap too).</summary>
    /// <returns>The footprint.</returns>
    public static ProcessFootprint ReadCollected()
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return Read();
    }

    /// <summary>Reads the footprint after an aggressive collection, which also decommits the GC's free memory.</summary>
    /// <returns>The footprint.</returns>
    public static ProcessFootprint ReadAfterAggressiveCollection()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return Read();
    }

    /// <summary>Reads the footprint after glibc's <c>malloc_trim(0)</c> hands the native heap's free pages back.</summary>
    /// <returns>The footprint.</returns>
    public static ProcessFootprint ReadAfterMallocTrim()
    {
        _ = MallocTrim(0);
        return Read();
    }

    /// <summary>Collects until the objects are gone, or the time is up.</summary>
    /// <param name="targets">The objects, weakly held.</param>
    /// <param name="limit">How long to try.</param>
    /// <returns>How long it took; <see langword="null"/> when one is still reachable.</returns>
    public static TimeSpan? WaitUntilCollected(IReadOnlyCollection<WeakReference> targets, TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        do
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
            if (!targets.Any(target => target.IsAlive))
            {
                return Stopwatch.GetElapsedTime(started);
            }

            Thread.Sleep(5);
        }
        while (Stopwatch.GetElapsedTime(started) < limit);
        return null;
    }

    /// <summary>Gets the number of threads of this process.</summary>
    /// <returns>The count.</returns>
    public static int ThreadCount() => Directory.GetDirectories("/proc/self/task").Length;

    /// <summary>Gets the GC flavour of this process, which decides how much memory the GC keeps.</summary>
    /// <returns>A short description.</returns>
    public static string GcMode() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {GCSettings.LatencyMode}, {Environment.ProcessorCount} cores");

    /// <summary>Describes the footprint in one line.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"VmRSS {Mb(RssKb)} MB (anon {Mb(AnonKb)}, file {Mb(FileKb)}, shmem {Mb(ShmemKb)}), {Threads} threads ({PoolThreads} pool), {Mappings} mappings, {Descriptors} fds ({Sockets} sockets), GC heap {HeapBytes / 1048576.0:F1} MB of {CommittedBytes / 1048576.0:F1} MB committed");

    /// <summary>Describes the growth of VmRSS from an earlier footprint, in MB and per cent.</summary>
    /// <param name="earlier">The earlier footprint.</param>
    /// <returns>For example <c>+12.3 MB (+25.1 %)</c>.</returns>
    public string GrowthFrom(ProcessFootprint earlier) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Signed((RssKb - earlier.RssKb) / 1024.0)} MB ({Signed(100.0 * (RssKb - earlier.RssKb) / earlier.RssKb)} %)");

    private static string Signed(double value)
    {
        var rounded = Math.Round(value, 1);
        return (rounded == 0 ? 0 : rounded).ToString("+0.0;-0.0", CultureInfo.InvariantCulture);
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    private static bool IsSocket(string descriptor)
    {
        try
        {
            return new FileInfo(descriptor).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true;
        }
        catch (IOException)
        {
            return false; // Closed meanwhile.
        }
    }

    private static string Mb(long kb) => (kb / 1024.0).ToString("F1", CultureInfo.InvariantCulture);

    private static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
