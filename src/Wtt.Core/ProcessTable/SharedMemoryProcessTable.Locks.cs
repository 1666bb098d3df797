// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Taking the global and row locks (process-local lock first, then the shared word) and repairing after a dead owner.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    /// <summary>How many row locks the current thread holds, to enforce the lock order (global before row).</summary>
    [ThreadStatic]
    private static int t_rowLocksHeld;

    private GlobalScope EnterGlobal()
    {
        if (t_rowLocksHeld > 0)
        {
            throw new WttException(WttErrorCode.InvalidArgument, "A row is added or removed from inside an Update of the same table; the global lock is never taken while a row lock is held. Add or remove rows after the Update returns.");
        }

        _globalLocal.Enter();
        if (SharedLock.Acquire(&_header->GlobalLock))
        {
            RepairAfterGlobalTakeover();
        }

        return new GlobalScope(this);
    }

    private RowScope EnterRow(int slot)
    {
        var local = _rowLocals[slot % _rowLocals.Length];
        var row = Row(slot);
        if (local.IsHeldByCurrentThread && Volatile.Read(ref row->Lock) == SharedLock.Self)
        {
            throw new WttException(WttErrorCode.InvalidArgument, "A row is updated from inside an Update of the same row; the change function must not call Update or Remove on the same table row.");
        }

        local.Enter();
        if (SharedLock.Acquire(&row->Lock))
        {
            RepairRow(row);
        }

        t_rowLocksHeld++;
        return new RowScope(row, local);
    }

    /// <summary>
    /// Takes a row's locks as <see cref="EnterRow"/> does, but only if neither has to be waited for: the process-local
    /// one is free, and the shared word is free or its owner is dead (the row is then repaired).
    /// </summary>
    /// <param name="slot">The row.</param>
    /// <param name="scope">The held row, to dispose; undefined when the call returns <see langword="false"/>.</param>
    /// <returns><see langword="false"/> when another thread or a live process holds the row: nothing is held.</returns>
    private bool TryEnterRow(int slot, out RowScope scope)
    {
        var row = Row(slot);
        var local = _rowLocals[slot % _rowLocals.Length];
        scope = default;
        if (!local.TryEnter())
        {
            return false;
        }

        if (!SharedLock.TryAcquire(&row->Lock, out var tookOver))
        {
            local.Exit();
            return false;
        }

        if (tookOver)
        {
            RepairRow(row);
        }

        t_rowLocksHeld++;
        scope = new RowScope(row, local);
        return true;
    }

    /// <summary>Called by a reader that keeps finding a row mid-write: if its writer died, take the lock over and repair it.</summary>
    private void RepairIfWriterDied(int slot)
    {
        if (!TryEnterRow(slot, out var scope))
        {
            return;
        }

        using (scope)
        {
            var row = Row(slot);
            if ((Volatile.Read(ref row->Seq) & 1) != 0)
            {
                RepairRow(row);
            }
        }
    }

    /// <summary>The previous holder of the global lock died mid-add or mid-remove: recount the rows and make lookups rebuild.</summary>
    private void RepairAfterGlobalTakeover()
    {
        var count = 0;
        for (var slot = 0; slot < Capacity; slot++)
        {
            if (Volatile.Read(ref Row(slot)->InUse) != 0)
            {
                count++;
            }
        }

        Volatile.Write(ref _header->Count, count);
        Interlocked.Increment(ref _header->Membership);
    }

    private readonly ref struct GlobalScope(SharedMemoryProcessTable table)
    {
        public void Dispose()
        {
            SharedLock.Release(&table._header->GlobalLock);
            table._globalLocal.Exit();
        }
    }

    private readonly ref struct RowScope(TableRow* row, Lock local)
    {
        /// <summary>Makes the seqlock word odd: readers retry until <see cref="EndWrite"/>.</summary>
        public void BeginWrite() => Interlocked.Increment(ref row->Seq);

        /// <summary>Makes the seqlock word even again.</summary>
        public void EndWrite() => Interlocked.Increment(ref row->Seq);

        public void Dispose()
        {
            t_rowLocksHeld--;
            SharedLock.Release(&row->Lock);
            local.Exit();
        }
    }
}
