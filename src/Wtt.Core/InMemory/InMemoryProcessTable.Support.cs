// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Checks, signals and the row holder.</content>
public sealed partial class InMemoryProcessTable
{
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void ValidateMachineNames(ProcessRecord record)
    {
        if (TooLong(record.Machine) || TooLong(record.InvokedFrom))
        {
            throw WttException.InvalidArgument($"A machine name of row {record.Id} is longer than {ProcessRecord.MaxMachineNameBytes} UTF-8 bytes; use a shorter name or an alias.");
        }

        static bool TooLong(string? name) => name is not null && System.Text.Encoding.UTF8.GetByteCount(name) > ProcessRecord.MaxMachineNameBytes;
    }

    private static WttException Unknown(WttProcessId id) => WttException.UnknownProcess(id);

    private static void RequireId(WttProcessId id)
    {
        if (id.IsNil)
        {
            throw WttException.InvalidArgument("The process id is nil; pass the id of a row in the table.");
        }
    }

    /// <summary>Bumps the change counter and swaps the change signal; call under the gate, complete the result outside it.</summary>
    private TaskCompletionSource BumpChange()
    {
        Interlocked.Increment(ref changeCounter);
        var wake = changed;
        changed = NewSignal();
        return wake;
    }

    private void ThrowIfDisposed()
    {
        if (disposed)
        {
            throw new WttException(WttErrorCode.Closed, "The in-memory process table was disposed; create a new one.");
        }
    }

    private Row GetRow(WttProcessId id)
    {
        ThrowIfDisposed();
        return rows.TryGetValue(id, out var row) ? row : throw Unknown(id);
    }

    private sealed class Row(ProcessRecord record)
    {
        public ProcessRecord Record { get; set; } = record;

        public TaskCompletionSource EventSignal { get; set; } = NewSignal();
    }
}
