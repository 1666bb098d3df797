// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Wtt.Core;

/// <summary>
/// Delivers global events through per-process queues in this process's memory: the test double of the
/// machine's event bus. Sending also posts <see cref="ProcessEventBits"/> to the target's row, so waiters
/// on the table see the event.
/// </summary>
/// <remarks>
/// Thread-safe. Events to one target are received in the order they were queued; none is lost. Each
/// process should have one receiver at a time (several receivers share the queue). Events sent before the
/// receiver starts wait in the queue.
/// </remarks>
/// <param name="table">The table whose rows say which processes exist and which have ended.</param>
public sealed class InMemoryGlobalEventBus(IProcessTable table) : IGlobalEventBus
{
    private readonly IProcessTable table = table ?? throw new ArgumentNullException(nameof(table));
    private readonly ConcurrentDictionary<WttProcessId, Channel<WttSignal>> queues = new();

    /// <inheritdoc/>
    public ValueTask<SignalOutcome> SendAsync(WttProcessId target, WttSignal signal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signal);
        RequireId(target);
        cancellationToken.ThrowIfCancellationRequested();
        if (!table.TryGet(target, out var record))
        {
            throw WttException.UnknownProcess(target);
        }

        if (record.Status.IsEnded())
        {
            return ValueTask.FromResult(SignalOutcome.AlreadyExited);
        }

        var queue = QueueOf(target);
        lock (queue)
        {
            // Queue and post under one lock, so the event word never runs ahead of the queue.
            queue.Writer.TryWrite(signal);
            table.PostEvent(target, signal.IsShutdown ? ProcessEventBits.Shutdown | ProcessEventBits.QueuedEvents : ProcessEventBits.QueuedEvents);
        }

        return ValueTask.FromResult(SignalOutcome.Delivered);
    }

    /// <inheritdoc/>
    /// <remarks>The sequence ends without an exception when <paramref name="cancellationToken"/> is cancelled.</remarks>
    public async IAsyncEnumerable<WttSignal> ReceiveAllAsync(WttProcessId self, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RequireId(self);
        if (!table.TryGet(self, out _))
        {
            throw WttException.UnknownProcess(self);
        }

        var queue = QueueOf(self);
        var reader = queue.Reader;
        while (true)
        {
            try
            {
                if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            while (reader.TryRead(out var signal))
            {
                TakePendingBits(self, queue);
                yield return signal;
            }
        }
    }

    private static void RequireId(WttProcessId id)
    {
        if (id.IsNil)
        {
            throw WttException.InvalidArgument("The process id is nil; pass the id of a Wtt-based process in the table.");
        }
    }

    private void TakePendingBits(WttProcessId self, Channel<WttSignal> queue)
    {
        // The row's bits say what is pending; once the queue is drained nothing is. Under the queue's
        // lock, so a send cannot slip in between the check and the clear.
        lock (queue)
        {
            if (queue.Reader.Count != 0 || !table.TryGet(self, out var record) || record.EventWord == 0)
            {
                return;
            }

            try
            {
                table.TakeEvents(self);
            }
            catch (WttException e) when (e.ErrorCode is WttErrorCode.UnknownProcess or WttErrorCode.Closed)
            {
                // The row is gone: nothing left to clear.
            }
        }
    }

    private Channel<WttSignal> QueueOf(WttProcessId id)
        => queues.GetOrAdd(id, static _ => Channel.CreateUnbounded<WttSignal>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false }));
}
