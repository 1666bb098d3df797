// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Collections.Concurrent;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Wtt.Core.Platform;

namespace Wtt.Core.Events;

/// <summary>
/// Delivers global events across processes through the machine's process table: the event is appended to
/// the target's queue file, then the row's event word and sequence are bumped, which wakes the target
/// (a futex on the shared word with the shared-memory table).
/// </summary>
/// <remarks>
/// Each event is one record written by a single <c>write</c> to a file opened for appending, so events
/// from concurrent senders never interleave, and events from one sender arrive in the order sent. A
/// receiver reads from the start of the queue, so events sent before it attached are not lost.
/// Thread-safe and safe across processes.
/// </remarks>
internal sealed class TableEventBus : IGlobalEventBus, IDisposable
{
    /// <summary>The first word of every record.</summary>
    internal const int Magic = 0x54545645; // "EVTT"

    /// <summary>The size of a record's header: magic, name length, payload length.</summary>
    internal const int HeaderSize = 12;

    private const int StackRecordLimit = 512;

    /// <summary>How many targets' queue files a sender keeps open at most.</summary>
    private const int OpenQueueLimit = 64;

    private readonly IProcessTable table;
    private readonly string queueFolder;
    private readonly ConcurrentDictionary<WttProcessId, SafeFileHandle> openQueues = new();

    /// <summary>Initializes a bus over <paramref name="table"/> that keeps queues in <paramref name="queueFolder"/>.</summary>
    /// <param name="table">The machine's process table.</param>
    /// <param name="queueFolder">A folder every process of the machine can write (created if missing).</param>
    public TableEventBus(IProcessTable table, string queueFolder)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(queueFolder);
        this.table = table;
        this.queueFolder = queueFolder;
        Directory.CreateDirectory(queueFolder);
    }

    /// <inheritdoc/>
    public ValueTask<SignalOutcome> SendAsync(WttProcessId target, WttSignal signal, CancellationToken cancellationToken = default)
    {
        if (signal is null)
        {
            throw WttException.InvalidArgument("SendAsync needs a signal.");
        }

        if (target.IsNil)
        {
            throw WttException.InvalidArgument("SendAsync needs a process id, not nil; pass the id of a Wtt-based process in the table.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!table.TryGet(target, out var row))
        {
            CloseQueue(target);
            throw WttException.UnknownProcess(target);
        }

        if (row.Status.IsEnded())
        {
            CloseQueue(target);
            return ValueTask.FromResult(SignalOutcome.AlreadyExited);
        }

        Append(target, signal);
        table.PostEvent(target, signal.IsShutdown ? ProcessEventBits.QueuedEvents | ProcessEventBits.Shutdown : ProcessEventBits.QueuedEvents);
        return ValueTask.FromResult(SignalOutcome.Delivered);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<WttSignal> ReceiveAllAsync(WttProcessId self, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!table.TryGet(self, out _))
        {
            throw WttException.UnknownProcess(self);
        }

        using var reader = new EventQueueReader(QueuePath(self), self);
        var events = new List<WttSignal>();
        while (true)
        {
            // A zero timeout reads the row's event sequence without waiting (cheaper than reading the whole row).
            var observed = await table.WaitForEventAsync(self, long.MinValue, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            reader.ReadNew(events);
            for (var i = 0; i < events.Count; i++)
            {
                yield return events[i];
            }

            events.Clear();
            table.TakeEvents(self);
            await table.WaitForEventAsync(self, observed, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets a value indicating whether <see cref="Receive"/> can wait on its caller's thread: a shared-memory table on Linux.</summary>
    internal bool CanReceiveOnThread => table is SharedMemoryProcessTable && Futex.IsSupported;

    /// <summary>
    /// The receiving end on a thread of the caller's own (see <see cref="CanReceiveOnThread"/>): blocks until events
    /// arrive, reads them and hands each to <paramref name="deliver"/> on this thread, in the order sent, from the start
    /// of the queue, until <paramref name="cancellationToken"/> is cancelled. The sender's wake wakes this thread
    /// itself, so an event reaches <paramref name="deliver"/> without a hand-off to the thread pool, where
    /// <see cref="ReceiveAllAsync"/> continues on the pool after the table's watch thread woke.
    /// </summary>
    /// <param name="self">The receiving process, whose row is in the table.</param>
    /// <param name="deliver">Takes each event; it runs on this thread, so it must not block for long.</param>
    /// <param name="cancellationToken">Ends the loop with an <see cref="OperationCanceledException"/>.</param>
    /// <param name="backstopMilliseconds">The longest sleep before the thread checks its row and its cancellation again; <see cref="Timeout.Infinite"/> (tests) relies on the wakes alone.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/> (no row, or the row was removed), <see cref="WttErrorCode.ProtocolError"/> (a corrupt queue), <see cref="WttErrorCode.Closed"/> (the table was disposed).</exception>
    internal void Receive(WttProcessId self, Action<WttSignal> deliver, CancellationToken cancellationToken, int backstopMilliseconds = SharedMemoryProcessTable.EventThreadBackstopMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        var shared = table as SharedMemoryProcessTable ?? throw new InvalidOperationException("Receive needs a SharedMemoryProcessTable; use ReceiveAllAsync.");
        var row = shared.GetHandle(self);
        using var reader = new EventQueueReader(QueuePath(self), self);
        using var wake = cancellationToken.UnsafeRegister(
            static state =>
            {
                var (table, handle) = ((SharedMemoryProcessTable, RowHandle))state!;
                table.WakeEventThread(handle);
            },
            (shared, row));
        var events = new List<WttSignal>();
        var observed = long.MinValue;
        while (true)
        {
            observed = shared.WaitForEventOnThisThread(row, observed, cancellationToken, backstopMilliseconds);
            cancellationToken.ThrowIfCancellationRequested();
            reader.ReadNew(events);
            foreach (var signal in events)
            {
                deliver(signal);
            }

            events.Clear();
            table.TakeEvents(self);
        }
    }

    /// <summary>Runs <see cref="Receive"/> on a thread of its own, named <c>Wtt events</c>.</summary>
    /// <param name="self">The receiving process, whose row is in the table.</param>
    /// <param name="deliver">Takes each event, on that thread.</param>
    /// <param name="cancellationToken">Ends the loop.</param>
    /// <param name="backstopMilliseconds">As for <see cref="Receive"/>.</param>
    /// <returns>A task that ends with the loop: cancelled by <paramref name="cancellationToken"/>, or failed with the error that ended it.</returns>
    internal Task StartReceiving(WttProcessId self, Action<WttSignal> deliver, CancellationToken cancellationToken, int backstopMilliseconds = SharedMemoryProcessTable.EventThreadBackstopMilliseconds)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Receive(self, deliver, cancellationToken, backstopMilliseconds);
                ended.TrySetResult();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                ended.TrySetCanceled(cancellationToken);
            }
            catch (Exception e)
            {
                ended.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "Wtt events",
        };
        thread.Start();
        return ended.Task;
    }

    /// <summary>Closes the queue files this sender keeps open.</summary>
    public void Dispose()
    {
        foreach (var id in openQueues.Keys)
        {
            CloseQueue(id);
        }
    }

    private string QueuePath(WttProcessId id) => Path.Combine(queueFolder, $"{id:N}.events");

    private SafeFileHandle OpenQueue(WttProcessId target)
    {
        if (openQueues.TryGetValue(target, out var open))
        {
            return open;
        }

        if (openQueues.Count >= OpenQueueLimit)
        {
            Dispose(); // many targets: start over rather than keep a descriptor per process ever signalled
        }

        var opened = AtomicAppend.OpenForAppend(QueuePath(target));
        if (openQueues.TryAdd(target, opened))
        {
            return opened;
        }

        opened.Dispose();
        return openQueues.TryGetValue(target, out open) ? open : AtomicAppend.OpenForAppend(QueuePath(target));
    }

    private void CloseQueue(WttProcessId target)
    {
        if (openQueues.TryRemove(target, out var open))
        {
            open.Dispose();
        }
    }

    /// <summary>Appends an event to the target's queue file, without posting it to the row (<see cref="SendAsync"/> posts it; tests append alone).</summary>
    /// <param name="target">The receiving process.</param>
    /// <param name="signal">The event.</param>
    internal void Append(WttProcessId target, WttSignal signal)
    {
        var nameLength = Encoding.UTF8.GetByteCount(signal.Name);
        var size = HeaderSize + nameLength + signal.Payload.Length;
        var rented = size > StackRecordLimit ? ArrayPool<byte>.Shared.Rent(size) : null;
        var record = rented is null ? stackalloc byte[StackRecordLimit] : rented;
        record = record[..size];
        BinaryPrimitives.WriteInt32LittleEndian(record, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], nameLength);
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], signal.Payload.Length);
        _ = Encoding.UTF8.GetBytes(signal.Name, record[HeaderSize..]);
        signal.Payload.Span.CopyTo(record[(HeaderSize + nameLength)..]);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // The target's queue stays open: an event is then one write, not an open, a write and a close.
                try
                {
                    AtomicAppend.Write(OpenQueue(target), queueFolder, record);
                }
                catch (ObjectDisposedException)
                {
                    AtomicAppend.Write(QueuePath(target), record); // closed by another sender's reset meanwhile
                }
            }
            else
            {
                AtomicAppend.Write(QueuePath(target), record);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
