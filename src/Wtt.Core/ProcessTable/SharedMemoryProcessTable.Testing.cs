// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Hooks for tests: take a lock and never release it (the holder is about to be killed), post without a wake, read the raw words.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    /// <summary>Takes the global lock and keeps it (the caller is about to be killed).</summary>
    internal void HoldGlobalLockForTesting()
    {
        using var lease = Lease();
        _globalLocal.Enter();
        SharedLock.Acquire(&_header->GlobalLock);
    }

    /// <summary>Takes a row's lock, starts a write (seqlock word odd) and leaves the row half written.</summary>
    /// <param name="id">The process.</param>
    internal void HoldRowLockMidWriteForTesting(WttProcessId id)
    {
        using var lease = Lease();
        var slot = FindSlotOrThrow(id);
        var row = Row(slot);
        _rowLocals[slot % _rowLocals.Length].Enter();
        SharedLock.Acquire(&row->Lock);
        Interlocked.Increment(ref row->Seq);
        row->ThreadCount = -1;
        row->MachineLength = 1000;
    }

    /// <summary>
    /// Posts an event to a row as <see cref="PostEvent"/> does, but neither moves the change counter nor wakes anyone: a
    /// writer killed between its post and its wake.
    /// </summary>
    /// <param name="id">The process.</param>
    /// <param name="bits">The event bits.</param>
    internal void PostEventWithoutWakeForTesting(WttProcessId id, ProcessEventBits bits)
    {
        using var lease = Lease();
        var row = Row(FindSlotOrThrow(id));
        Interlocked.Or(ref row->EventWord, (long)bits);
        Interlocked.Increment(ref row->EventSequence);
        Interlocked.Add(ref row->Seq, 2);
    }

    /// <summary>Gets how many table instances (in any process) count among the table's waiters, whom writers wake.</summary>
    internal int WaitingInstancesForTesting
    {
        get
        {
            using var lease = Lease();
            return Volatile.Read(ref _header->Waiters);
        }
    }

    /// <summary>Reads the raw lock words: the global one and a row's.</summary>
    /// <param name="id">The process whose row lock to read, or nil.</param>
    /// <returns>The global lock word and the row lock word (0 when free).</returns>
    internal (long Global, long Row) ReadLockWordsForTesting(WttProcessId id)
    {
        using var lease = Lease();
        var rowLock = 0L;
        for (var slot = 0; slot < Capacity && !id.IsNil; slot++)
        {
            if (Row(slot)->Id == id.Value)
            {
                rowLock = Volatile.Read(ref Row(slot)->Lock);
            }
        }

        return (Volatile.Read(ref _header->GlobalLock), rowLock);
    }
}
