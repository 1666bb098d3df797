// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Platform;

namespace Wtt.ProcessTable;

/// <content>Marking the rows of processes that are gone.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    /// <summary>
    /// Marks the rows of local processes that are gone: <see cref="ProcessStatus.Exited"/> when their exit code is
    /// known, <see cref="ProcessStatus.NotActive"/> otherwise. Only rows of this machine (no
    /// <see cref="ProcessRecord.Machine"/>) with a pid and a status that has not ended are looked at; a pid is alive
    /// only when its start time matches too, so a recycled pid never keeps a dead process's row alive.
    /// </summary>
    /// <returns>The number of rows marked.</returns>
    public int Reconcile()
    {
        var marked = 0;
        foreach (var row in List())
        {
            if (row.Machine is not null || row.Pid == 0 || row.Status.IsEnded()
                || ProcessLiveness.IsAlive(row.Pid, row.ProcessStartTime))
            {
                continue;
            }

            try
            {
                var changed = false;
                Update(row.Id, current =>
                {
                    if (current.Status.IsEnded() || current.Pid != row.Pid || current.ProcessStartTime != row.ProcessStartTime)
                    {
                        changed = false;
                        return current;
                    }

                    changed = true;
                    return current with { Status = current.ExitCode.HasValue ? ProcessStatus.Exited : ProcessStatus.NotActive };
                });
                marked += changed ? 1 : 0;
            }
            catch (WttException ex) when (ex.ErrorCode == WttErrorCode.UnknownProcess)
            {
                // Removed meanwhile.
            }
        }

        return marked;
    }
}
