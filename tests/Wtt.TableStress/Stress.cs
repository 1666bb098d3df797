// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt;
using Wtt.Core;

/// <summary>The stress worker: each thread adds rows, beats, updates and removes half of them.</summary>
internal static class Stress
{
    /// <summary>Runs the worker's threads and prints the rows it kept.</summary>
    public static void Run(SharedMemoryProcessTable table, int worker, int threads, int rowsPerThread)
    {
        var kept = new List<WttProcessId>[threads];
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var index = t;
            kept[index] = [];
            workers[t] = new Thread(() => RunThread(table, worker, index, rowsPerThread, kept[index]));
            workers[t].Start();
        }

        // A reader checks, while the writers of every process run, that each row it copies is consistent.
        var done = 0;
        var torn = 0;
        var reads = 0L;
        var reader = new Thread(() =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                foreach (var row in table.List())
                {
                    reads++;
                    if (!IsConsistent(row))
                    {
                        Interlocked.Increment(ref torn);
                        Console.Error.WriteLine($"TORN {row}");
                    }
                }
            }
        });
        reader.Start();
        foreach (var thread in workers)
        {
            thread.Join();
        }

        Volatile.Write(ref done, 1);
        reader.Join();
        if (torn > 0)
        {
            throw new InvalidOperationException($"{torn} torn rows in {reads} reads.");
        }

        Console.Out.WriteLine($"READS {reads}");

        lock (Console.Out)
        {
            foreach (var id in kept.SelectMany(k => k))
            {
                Console.Out.WriteLine($"KEEP {id}");
            }
        }
    }

    /// <summary>Makes a row whose fields derive from one number, so a reader can tell a torn row.</summary>
    public static ProcessRecord MakeRow(WttProcessId id, int k, int worker) => new(id)
    {
        Pid = k,
        ThreadCount = k % 1000,
        ExitCode = k,
        ProcessStartTime = k * 3L,
        Machine = $"m{worker}",
        InvokedFrom = $"from-{k}",
        Status = ProcessStatus.Running,
    };

    /// <summary>Tells whether a row is one that a writer wrote whole: every derived field matches its pid.</summary>
    public static bool IsConsistent(ProcessRecord row)
        => row.ThreadCount == row.Pid % 1000 && row.ExitCode == row.Pid && row.ProcessStartTime == row.Pid * 3L
            && row.InvokedFrom == $"from-{row.Pid}" && row.Machine == $"m{row.Pid / 1_000_000}";

    private static void RunThread(SharedMemoryProcessTable table, int worker, int thread, int rows, List<WttProcessId> kept)
    {
        var mine = new List<WttProcessId>();
        for (var i = 0; i < rows; i++)
        {
            var id = WttProcessId.New();
            var k = (worker * 1_000_000) + (thread * 10_000) + i;
            table.Add(MakeRow(id, k, worker));
            mine.Add(id);
            table.StampHeartbeat(id, DateTimeOffset.UnixEpoch.AddSeconds(k));
            table.SetStatus(id, ProcessStatus.Initialized);
            table.Update(id, r => r with { Pid = r.Pid + 1, ThreadCount = (r.Pid + 1) % 1000, ExitCode = r.Pid + 1, ProcessStartTime = (r.Pid + 1) * 3L, InvokedFrom = $"from-{r.Pid + 1}" });
            table.PostEvent(id, ProcessEventBits.Shutdown);

            // Each even row lives one more iteration and is then removed, so adds and removes interleave.
            if (i % 2 == 1)
            {
                var victim = mine[i - 1];
                if (!table.Remove(victim))
                {
                    throw new InvalidOperationException($"Row {victim} was lost before its removal.");
                }

                kept.Add(id);
            }
        }

        if (rows % 2 == 1)
        {
            kept.Add(mine[^1]);
        }
    }
}
