// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>Reads a process from its machine's table, or, when it is gone from the table, from its state folder.</summary>
internal static class ProcessStateResolver
{
    /// <summary>Builds the row a process gone from the table reads as: <see cref="ProcessStatus.NotActive"/>, with what its document kept.</summary>
    /// <param name="document">The process's state document.</param>
    /// <returns>The row.</returns>
    public static ProcessRecord ToNotActiveRecord(ProcessStateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new ProcessRecord(document.Id)
        {
            Machine = document.Machine,
            Kind = document.Kind,
            Status = ProcessStatus.NotActive,
            ExitCode = document.ExitCode,
            CreatedAt = document.UpdatedAt,
        };
    }

    /// <summary>Reads a process's row, falling back to its state folder (as <see cref="ProcessStatus.NotActive"/>) when the table has no row.</summary>
    /// <param name="table">The machine's table.</param>
    /// <param name="store">The machine's state folders.</param>
    /// <param name="id">The process.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The row, or <see langword="null"/> when neither the table nor a state folder knows the process.</returns>
    public static async ValueTask<ProcessRecord?> ResolveAsync(IProcessTable table, IProcessStateStore store, WttProcessId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(store);
        if (table.TryGet(id, out var record))
        {
            return record;
        }

        var document = await store.ReadAsync(id, cancellationToken).ConfigureAwait(false);
        return document is null ? null : ToNotActiveRecord(document);
    }
}
