// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core;

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

            marked += TryEndGone(row) ? 1 : 0;
        }

        return marked;
    }

    /// <summary>
    /// Ends the row of a process found gone, unless it ended or its pid or start time changed meanwhile:
    /// <see cref="ProcessStatus.Exited"/> when its exit code is known, <see cref="ProcessStatus.NotActive"/> with no exit
    /// code otherwise (whoever could have reaped it is gone, so the code is lost). The change wakes every wait.
    /// </summary>
    /// <param name="row">The row as the caller saw it.</param>
    /// <returns><see langword="true"/> when the row was ended by this call.</returns>
    internal bool TryEndGone(ProcessRecord row)
    {
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
            return changed;
        }
        catch (WttException ex) when (ex.ErrorCode == WttErrorCode.UnknownProcess)
        {
            return false; // Removed meanwhile.
        }
    }
}
