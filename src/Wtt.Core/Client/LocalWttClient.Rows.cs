// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>
/// Keeping the table's rows in step over a long life: rows of processes created on other machines end when their
/// machine says the process ended, and a full table makes room by removing the oldest ended rows.
/// </content>
public sealed partial class LocalWttClient
{
    /// <summary>Adds a row; when the table is full, removes the oldest ended rows first and tries once more.</summary>
    private async ValueTask AddRowAsync(ProcessRecord record)
    {
        try
        {
            table.Add(record);
        }
        catch (WttException ex) when (ex.ErrorCode == WttErrorCode.TableFull)
        {
            if (await ReclaimEndedRowsAsync().ConfigureAwait(false) == 0)
            {
                throw new WttException(
                    WttErrorCode.TableFull,
                    $"The process table of {options.MachineName} is full: all {table.Capacity} rows hold processes that have not ended. Terminate some, or give the machine a table with a larger capacity.",
                    ex,
                    record.Id,
                    options.MachineName);
            }

            table.Add(record);
        }
    }

    /// <summary>
    /// Removes the ended rows created longest ago: an eighth of the table at a time, so a full table is scanned once
    /// per many creates. A removed local process still reads from its state folder (as not active, with its exit code);
    /// its watcher, kept until now so a tree kill still reaches what it left behind, is closed.
    /// </summary>
    private async ValueTask<int> ReclaimEndedRowsAsync()
    {
        var batch = Math.Max(1, table.Capacity / 8);
        var removed = 0;
        foreach (var row in table.List().Where(r => r.Status.IsEnded() && r.Id != options.SelfId).OrderBy(r => r.CreatedAt).Take(batch))
        {
            if (!table.Remove(row.Id))
            {
                continue;
            }

            removed++;
            if (tracked.TryRemove(row.Id, out var watcher))
            {
                await watcher.DisposeAsync().ConfigureAwait(false);
            }
        }

        return removed;
    }

    /// <summary>Ends the row here of a process this machine created on <paramref name="machine"/>, once that machine reports it ended.</summary>
    private void MirrorRemoteEnd(WttProcessId id, string machine, ProcessStatus status, int? exitCode)
    {
        if (!status.IsEnded() || !table.TryGet(id, out var row) || row.Status.IsEnded() || !string.Equals(row.Machine, machine, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        try
        {
            table.Update(id, r => r.Status.IsEnded() ? r : r with { Status = status, ExitCode = exitCode });
        }
        catch (WttException ex) when (ex.ErrorCode == WttErrorCode.UnknownProcess)
        {
            // Removed meanwhile.
        }
    }
}
