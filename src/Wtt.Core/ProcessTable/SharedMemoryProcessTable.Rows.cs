// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;

namespace Wtt.Core;

/// <content>Reading rows consistently (seqlock) and writing them under the row lock.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    private const int ReadSpinsBeforeRepair = 4096;

    /// <summary>Copies a row consistently, without a lock.</summary>
    /// <param name="slot">The row.</param>
    /// <param name="expected">The id the row must hold, or nil for any row in use.</param>
    /// <param name="record">The copy.</param>
    /// <returns><see langword="true"/> when the row is in use (and holds <paramref name="expected"/>).</returns>
    private bool TryReadRow(int slot, Guid expected, out ProcessRecord record)
    {
        var row = Row(slot);
        var spins = 0;
        while (true)
        {
            var before = Volatile.Read(ref row->Seq);
            if ((before & 1) == 0)
            {
                var copy = *row;
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref row->Seq) == before)
                {
                    if (copy.InUse == 0 || (expected != Guid.Empty && copy.Id != expected))
                    {
                        record = null!;
                        return false;
                    }

                    record = ToRecord(&copy, before);
                    return true;
                }
            }

            if (++spins % ReadSpinsBeforeRepair == 0)
            {
                RepairIfWriterDied(slot);
            }

            Thread.SpinWait(8);
        }
    }

    private static ProcessRecord ToRecord(TableRow* row, long seq) => new(new WttProcessId(row->Id))
    {
        ParentId = new WttProcessId(row->ParentId),
        GroupId = new WttProcessId(row->GroupId),
        InvokedFrom = ReadName(row, invokedFrom: true),
        Machine = ReadName(row, invokedFrom: false),
        Pid = row->Pid,
        ProcessStartTime = row->ProcessStartTime,
        Kind = (ProcessKind)row->Kind,
        Status = (ProcessStatus)row->Status,
        ExitCode = row->HasExitCode != 0 ? row->ExitCode : null,
        CreatedAt = new DateTimeOffset(row->CreatedTicks, TimeSpan.Zero),
        LastHeartbeat = row->HeartbeatTicks == 0 ? null : new DateTimeOffset(row->HeartbeatTicks, TimeSpan.Zero),
        DebugTimeout = new TimeSpan(row->DebugTimeoutTicks),
        ThreadCount = row->ThreadCount,
        EventWord = row->EventWord,
        EventSequence = row->EventSequence,
        Version = seq >> 1,
    };

    private static string? ReadName(TableRow* row, bool invokedFrom)
    {
        var length = (invokedFrom ? row->InvokedFromLength : row->MachineLength) - 1;
        if (length < 0)
        {
            return null;
        }

        return Encoding.UTF8.GetString(invokedFrom ? row->InvokedFrom : row->Machine, Math.Min(length, ProcessRecord.MaxMachineNameBytes));
    }

    /// <summary>Throws unless a record fits a row.</summary>
    private static void ValidateRecord(ProcessRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Id.IsNil)
        {
            throw WttException.InvalidArgument("The row's id is nil; give each process a WttProcessId.New().");
        }

        ValidateName(record.InvokedFrom, nameof(ProcessRecord.InvokedFrom));
        ValidateName(record.Machine, nameof(ProcessRecord.Machine));
    }

    private static void ValidateName(string? name, string field)
    {
        if (name is not null && Encoding.UTF8.GetByteCount(name) > ProcessRecord.MaxMachineNameBytes)
        {
            throw WttException.InvalidArgument($"{field} '{name}' is longer than {ProcessRecord.MaxMachineNameBytes} UTF-8 bytes; use a shorter machine name.");
        }
    }

    /// <summary>Writes a record into a row; the caller holds the row lock and has made the seqlock word odd.</summary>
    /// <param name="row">The row.</param>
    /// <param name="record">The new values.</param>
    /// <param name="previous">The values the change started from: lock-free fields are written only when they differ from it.</param>
    private static void WriteFields(TableRow* row, ProcessRecord record, ProcessRecord? previous)
    {
        row->Id = record.Id.Value;
        row->ParentId = record.ParentId.Value;
        row->GroupId = record.GroupId.Value;
        WriteName(row, record.InvokedFrom, invokedFrom: true);
        WriteName(row, record.Machine, invokedFrom: false);
        row->Pid = record.Pid;
        row->ProcessStartTime = record.ProcessStartTime;
        row->Kind = (int)record.Kind;
        row->ExitCode = record.ExitCode ?? 0;
        row->HasExitCode = record.ExitCode.HasValue ? 1 : 0;
        row->CreatedTicks = record.CreatedAt.UtcTicks;
        row->DebugTimeoutTicks = record.DebugTimeout.Ticks;
        row->ThreadCount = record.ThreadCount;
        if (previous is null || previous.Status != record.Status)
        {
            Volatile.Write(ref row->Status, (long)record.Status);
        }

        if (previous is null || previous.LastHeartbeat != record.LastHeartbeat)
        {
            Volatile.Write(ref row->HeartbeatTicks, record.LastHeartbeat?.UtcTicks ?? 0);
        }

        if (previous is null || previous.EventWord != record.EventWord)
        {
            Volatile.Write(ref row->EventWord, record.EventWord);
        }

        if (previous is null || previous.EventSequence != record.EventSequence)
        {
            Volatile.Write(ref row->EventSequence, record.EventSequence);
        }
    }

    private static void WriteName(TableRow* row, string? name, bool invokedFrom)
    {
        var bytes = invokedFrom ? row->InvokedFrom : row->Machine;
        var target = new Span<byte>(bytes, ProcessRecord.MaxMachineNameBytes);
        target.Clear();
        var length = name is null ? 0 : Encoding.UTF8.GetBytes(name, target) + 1;
        if (invokedFrom)
        {
            row->InvokedFromLength = length;
        }
        else
        {
            row->MachineLength = length;
        }
    }

    /// <summary>Makes a row whose writer died mid-write consistent: names clamped, enums in range, the seqlock word even.</summary>
    private static void RepairRow(TableRow* row)
    {
        row->InvokedFromLength = Math.Clamp(row->InvokedFromLength, 0, ProcessRecord.MaxMachineNameBytes + 1);
        row->MachineLength = Math.Clamp(row->MachineLength, 0, ProcessRecord.MaxMachineNameBytes + 1);
        if (row->Status is < 0 or > (long)ProcessStatus.Unreachable)
        {
            row->Status = (long)ProcessStatus.Unknown;
        }

        if (row->InUse != 0 && row->Id == Guid.Empty)
        {
            row->InUse = 0;
        }

        if ((Volatile.Read(ref row->Seq) & 1) != 0)
        {
            Interlocked.Increment(ref row->Seq);
        }
    }
}
