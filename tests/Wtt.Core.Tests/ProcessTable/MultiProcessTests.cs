// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Wtt.Core.Platform;

namespace Wtt.Core.Tests.ProcessTable;

public sealed class MultiProcessTests : IDisposable
{
    private readonly TempTableFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact(Timeout = 240_000)]
    public async Task Stress_EightProcessesFourThreads_NoRowLostOrDuplicatedAndEveryRowConsistent()
    {
        const int processes = 8;
        const int threads = 4;
        const int rowsPerThread = 150;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using (var creator = _folder.Open(capacity: 8192))
        {
        }

        var helpers = Enumerable.Range(0, processes)
            .Select(worker => TableStressProcess.Start("stress", _folder.Path, worker.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture), rowsPerThread.ToString(CultureInfo.InvariantCulture)))
            .ToList();
        try
        {
            var outputs = await Task.WhenAll(helpers.Select(h => h.ReadUntilAsync("DONE", timeout.Token)));
            foreach (var helper in helpers)
            {
                Assert.Equal(0, await helper.WaitForExitAsync(timeout.Token));
            }

            var kept = outputs.SelectMany(lines => lines.Where(l => l.StartsWith("KEEP ", StringComparison.Ordinal)))
                .Select(l => WttProcessId.Parse(l[5..], CultureInfo.InvariantCulture))
                .ToList();
            Assert.Equal(processes * threads * rowsPerThread / 2, kept.Count);
            Assert.All(outputs, lines => Assert.Contains(lines, l => l.StartsWith("READS ", StringComparison.Ordinal) && l != "READS 0"));

            await using var table = _folder.Open();
            var rows = table.List();
            Assert.Equal(kept.Count, rows.Count);
            Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
            Assert.Equal(kept.ToHashSet(), rows.Select(r => r.Id).ToHashSet());
            Assert.Equal(rows.Count, table.Count);
            foreach (var row in rows)
            {
                Assert.Equal(row.Pid % 1000, row.ThreadCount);
                Assert.Equal(row.Pid, row.ExitCode);
                Assert.Equal(row.Pid * 3L, row.ProcessStartTime);
                Assert.Equal($"from-{row.Pid}", row.InvokedFrom);
                Assert.Equal($"m{row.Pid / 1_000_000}", row.Machine);
                Assert.Equal(ProcessStatus.Initialized, row.Status);
                Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(row.Pid - 1), row.LastHeartbeat);
                Assert.Equal((long)ProcessEventBits.Shutdown, row.EventWord);
                Assert.Equal(1, row.EventSequence);
                Assert.True(table.TryGet(row.Id, out var again));
                Assert.Equal(row, again);
            }
        }
        finally
        {
            foreach (var helper in helpers)
            {
                helper.Dispose();
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Waits_ChangeAndEventByAnotherProcess_WakeWithoutTimeout()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id));
        var counter = table.ChangeCounter;

        var change = table.WaitForChangeAsync(counter, Timeout.InfiniteTimeSpan, timeout.Token).AsTask();
        var @event = table.WaitForEventAsync(id, 0, Timeout.InfiniteTimeSpan, timeout.Token).AsTask();
        using var sender = TableStressProcess.Start("post", _folder.Path, id.ToString());

        Assert.NotEqual(counter, await change);
        Assert.Equal(1, await @event);
        await sender.ReadUntilAsync("DONE", timeout.Token);
        Assert.Equal(2, table.Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task GlobalLock_HolderKilled_IsTakenOverAndTableStaysConsistent()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await using var table = _folder.Open();
        var before = WttProcessId.New();
        table.Add(new ProcessRecord(before) { Pid = 1 });

        using var holder = TableStressProcess.Start("hold-global", _folder.Path);
        await holder.ReadUntilAsync("HELD", timeout.Token);
        Assert.Equal(holder.Pid, (int)(table.ReadLockWordsForTesting(WttProcessId.Nil).Global >> 32));
        await holder.KillAsync(timeout.Token);

        // Add needs the global lock: it must take it over from the dead holder.
        var after = WttProcessId.New();
        await Task.Run(() => table.Add(new ProcessRecord(after)), timeout.Token).WaitAsync(timeout.Token);

        Assert.Equal([before, after], table.List().Select(r => r.Id));
        Assert.Equal(2, table.Count);
        Assert.True(table.Remove(before));
        Assert.Equal(0, table.ReadLockWordsForTesting(WttProcessId.Nil).Global);
    }

    [Fact(Timeout = 60_000)]
    public async Task RowLock_HolderKilledMidWrite_IsTakenOverAndRowRepaired()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id) { Machine = "m", ThreadCount = 3 });

        using var holder = TableStressProcess.Start("hold-row", _folder.Path, id.ToString());
        await holder.ReadUntilAsync("HELD", timeout.Token);
        Assert.Equal(holder.Pid, (int)(table.ReadLockWordsForTesting(id).Row >> 32));
        await holder.KillAsync(timeout.Token);
        Assert.False(ProcessLiveness.IsAlive(holder.Pid, 0), "The killed holder is reaped before the row is read.");

        // A reader finds the row mid-write, sees its writer dead, repairs it, and never blocks for good.
        var read = await Task.Run(() => table.TryGet(id, out var row) ? row : null, timeout.Token).WaitAsync(timeout.Token);
        Assert.NotNull(read);
        Assert.NotNull(read.Machine);
        Assert.True(read.Machine.Length <= ProcessRecord.MaxMachineNameBytes);

        var updated = await Task.Run(() => table.Update(id, r => r with { ThreadCount = 5 }), timeout.Token).WaitAsync(timeout.Token);
        Assert.Equal(5, updated.ThreadCount);
        Assert.Equal(0, table.ReadLockWordsForTesting(id).Row);
    }

    [Fact(Timeout = 60_000)]
    public async Task RowLock_HolderKilledMidWrite_UpdateTakesItOver()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await using var table = _folder.Open();
        var id = await RowLeftMidWriteByKilledHolderAsync(table, timeout.Token);

        var updated = await Task.Run(() => table.Update(id, r => r with { ThreadCount = 9 }), timeout.Token).WaitAsync(timeout.Token);

        Assert.Equal(9, updated.ThreadCount);
        Assert.True(table.TryGet(id, out var read));
        Assert.Equal(updated, read);
    }

    [Fact(Timeout = 60_000)]
    public async Task RowLock_HolderKilledMidWrite_TryUpdateWithoutWaitingTakesItOverAndRepairs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await using var table = _folder.Open();
        var id = await RowLeftMidWriteByKilledHolderAsync(table, timeout.Token);

        Assert.True(table.TryUpdateWithoutWaiting(id, r => r with { ThreadCount = 9 }));

        Assert.True(table.TryGet(id, out var read));
        Assert.Equal(9, read.ThreadCount);
        Assert.Equal(0, table.ReadLockWordsForTesting(id).Row);
    }

    /// <summary>Adds a row, has a helper process take its lock and start a write, and kills the helper there.</summary>
    private async Task<WttProcessId> RowLeftMidWriteByKilledHolderAsync(SharedMemoryProcessTable table, CancellationToken cancellationToken)
    {
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id) { ThreadCount = 3 });
        using var holder = TableStressProcess.Start("hold-row", _folder.Path, id.ToString());
        await holder.ReadUntilAsync("HELD", cancellationToken);
        await holder.KillAsync(cancellationToken);
        return id;
    }
}
