// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.IO.MemoryMappedFiles;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wtt.Core;

/// <summary>
/// A machine's process table in a memory-mapped file that every local process opens: fixed-size rows, a global
/// lock for adding and removing rows, a lock per row for multi-field updates, and lock-free seqlock reads.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe and safe across processes. Lock words record their owner (pid and start time); a waiter takes
/// over the lock of a dead owner and repairs the row it guarded. Heartbeat, status and event word are single
/// aligned 64-bit writes without a lock that also add 2 to the row's seqlock word, so a concurrent reader
/// retries instead of returning a torn copy, and <see cref="ProcessRecord.Version"/> moves with every change.
/// A multi-field <see cref="Update"/> writes those fields only when the change altered them, so it never
/// undoes a concurrent stamp or event.
/// </para>
/// <para>
/// Lookups by id use a per-instance index (id to row), rebuilt from the rows when an id is missed and the
/// table's membership counter moved since the index was built; a hit is always checked against the row.
/// Waits sleep on a futex on the low half of the change counter (Linux), or poll every 10 ms elsewhere.
/// </para>
/// <para>
/// Every member holds a reference on the mapped view while it reads or writes it, so <see cref="DisposeAsync"/> on
/// another thread never unmaps the memory under a call in flight: the view is unmapped when the last such call returns,
/// and a call that starts after the dispose throws <see cref="WttErrorCode.Closed"/>.
/// </para>
/// </remarks>
public sealed unsafe partial class SharedMemoryProcessTable : IProcessTable, IDocumentVersions
{
    private readonly FileStream _file;
    private readonly MemoryMappedFile _mapping;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly TableHeader* _header;
    private readonly TableRow* _rows;
    private readonly TimeProvider _time;
    private readonly Lock _globalLocal = new();
    private readonly Lock[] _rowLocals;
    private readonly ChangeWatcher _watcher;
    private int _disposed; // 1 once DisposeAsync started

    private SharedMemoryProcessTable(string path, FileStream file, MemoryMappedFile mapping, MemoryMappedViewAccessor view, int capacity, TimeProvider time)
    {
        FilePath = path;
        _file = file;
        _mapping = mapping;
        _view = view;
        _time = time;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + view.PointerOffset;
        _header = (TableHeader*)_base;
        _rows = (TableRow*)(_base + TableLayout.HeaderSize);
        Capacity = capacity;
        _rowLocals = new Lock[Math.Min(Capacity, 256)];
        for (var i = 0; i < _rowLocals.Length; i++)
        {
            _rowLocals[i] = new Lock();
        }

        _watcher = new ChangeWatcher(this, &_header->ChangeCounter, &_header->Waiters);
    }

    /// <inheritdoc/>
    public int Capacity { get; }

    /// <summary>Gets the path of the table file.</summary>
    public string FilePath { get; }

    /// <inheritdoc/>
    public long ChangeCounter
    {
        get
        {
            using var lease = Lease();
            return Volatile.Read(ref _header->ChangeCounter);
        }
    }

    /// <summary>Gets the number of rows in use.</summary>
    public int Count
    {
        get
        {
            using var lease = Lease();
            return Volatile.Read(ref _header->Count);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        // Once only: a second release of the view's own references would unmap it under a call in flight.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        _watcher.Dispose();

        // An event thread holds the view mapped while it sleeps; woken (its row's word moved first, so one that read it
        // before the disposal does not fall asleep after the wake), it finds the table closed and ends.
        WakeOwnEventThreads();

        // Calls in flight hold their own reference on the view: it is unmapped when the last of them returns.
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _mapping.Dispose();
        _file.Dispose();
        return ValueTask.CompletedTask;
    }

    private TableRow* Row(int slot) => _rows + slot;

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            ThrowClosed();
        }
    }

    /// <summary>Keeps the view mapped until the lease is disposed; every member that reads or writes the table takes one.</summary>
    /// <returns>The lease.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.Closed"/> once the table is disposed.</exception>
    private ViewLease Lease()
    {
        var handle = _view.SafeMemoryMappedViewHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            ThrowClosed();
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            handle.DangerousRelease();
            ThrowClosed();
        }

        return new ViewLease(handle);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowClosed()
        => throw new WttException(WttErrorCode.Closed, $"The process table {FilePath} was disposed; open it again with SharedMemoryProcessTable.Open.");

    /// <summary>Bumps the change counter and wakes whoever sleeps on it, in any process.</summary>
    private void BumpChange()
    {
        Interlocked.Increment(ref _header->ChangeCounter);
        _watcher.CheckOnWrite();
        if (Volatile.Read(ref _header->Waiters) > 0)
        {
            _watcher.WakeAll();
        }
    }

    /// <summary>A reference on the mapped view, held while a member uses the memory.</summary>
    private readonly ref struct ViewLease(SafeHandle handle)
    {
        public void Dispose() => handle.DangerousRelease();
    }
}
