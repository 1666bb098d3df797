// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core.Tests.ProcessTable;

/// <summary>Many tables in one process, each with a pending wait (an in-process lab of many machines).</summary>
public sealed class SharedMemoryProcessTableManyWaitsTests : IDisposable
{
    private const int Tables = 300;
    private readonly List<TempTableFolder> _folders = [.. Enumerable.Range(0, Tables).Select(_ => new TempTableFolder())];

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            folder.Dispose();
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task PendingWaitsOnManyTables_ShareFewThreads_AndEachWakes()
    {
        var tables = _folders.Select(folder => folder.Open()).ToList();
        try
        {
            var waits = tables.Select(table => table.WaitForChangeAsync(table.ChangeCounter, Timeout.InfiniteTimeSpan).AsTask()).ToList();

            // futex_waitv: 127 tables a thread (other tests of this process may add a few threads of their own).
            if (Futex.IsWaitManySupported)
            {
                Assert.InRange(TableWatchGroup.ThreadCount, 1, (Tables / (Futex.MaxWords - 1)) + 1 + 8);
            }

            // A change in the last table wakes only its wait; the others stay pending.
            tables[^1].Add(new ProcessRecord(WttProcessId.New()));
            Assert.Equal(tables[^1].ChangeCounter, await waits[^1]);
            Assert.All(waits.Take(Tables - 1), wait => Assert.False(wait.IsCompleted));

            // A change through another instance of a table (another process, as far as the table knows) wakes too.
            await using (var writer = _folders[0].Open())
            {
                writer.Add(new ProcessRecord(WttProcessId.New()));
            }

            Assert.NotEqual(0, await waits[0]);
        }
        finally
        {
            foreach (var table in tables)
            {
                await table.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task DisposingTablesWithPendingWaits_FailsTheWaits_AndUnmapsTheTables()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var folders = _folders.Take(20).ToList();
        Assert.Equal(0, MappingsUnder(folders));
        var tables = folders.Select(folder => folder.Open()).ToList();
        var waits = tables.Select(table => table.WaitForChangeAsync(table.ChangeCounter, Timeout.InfiniteTimeSpan).AsTask()).ToList();
        Assert.Equal(folders.Count, MappingsUnder(folders));

        foreach (var table in tables)
        {
            await table.DisposeAsync();
        }

        foreach (var wait in waits)
        {
            var error = await Assert.ThrowsAsync<WttException>(() => wait);
            Assert.Equal(WttErrorCode.Closed, error.ErrorCode);
        }

        Assert.Equal(0, MappingsUnder(folders));

        // The groups whose threads ended with their last table leave too (with their control words): none stays idle.
        Assert.True(SpinWait.SpinUntil(() => TableWatchGroup.IdleGroupCount == 0, TimeSpan.FromSeconds(10)));
    }

    private static int MappingsUnder(List<TempTableFolder> folders)
    {
        var paths = folders.Select(folder => folder.Path).ToHashSet();
        return File.ReadLines("/proc/self/maps").Count(line => paths.Any(line.Contains));
    }
}
