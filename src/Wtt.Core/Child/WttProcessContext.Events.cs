// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Threading.Channels;
using Wtt.Core.Events;

namespace Wtt.Core;

/// <content>The event loop and its handlers.</content>
public sealed partial class WttProcessContext
{
    private readonly Lock handlersGate = new();
    private readonly Dictionary<string, List<Registration>> handlers = new(StringComparer.Ordinal);
    /// <summary>
    /// The loop's items. The pump's write runs the waiting loop on the pump's thread (the process's event thread with the
    /// machine's table, else a thread-pool thread), so an event reaches its handler with no hand-off to the pool (one with
    /// another bus). The deliveries of held events are queued to the pool instead (<see cref="OnEvent"/> must not run
    /// handlers on its caller's thread).
    /// </summary>
    private readonly Channel<Inbound> inbox = Channel.CreateUnbounded<Inbound>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private long droppedEventCount;
    private long handledEventCount;

    /// <summary>Raised, on the event loop, for every event dropped because nobody handled it and <see cref="MaxHeldEvents"/> were already held.</summary>
    public event EventHandler<WttSignal>? EventDropped;

    /// <summary>Raised, on the event loop, when a handler (or a shutdown token callback) throws; the loop goes on.</summary>
    public event EventHandler<Exception>? HandlerFailed;

    /// <summary>Gets the number of events dropped because nobody handled them and <see cref="MaxHeldEvents"/> were already held.</summary>
    public long DroppedEventCount => Interlocked.Read(ref droppedEventCount);

    /// <summary>Gets the number of events the loop has finished with (handled, dropped, or shut down on); a held event counts once delivered.</summary>
    public long ProcessedEventCount => Interlocked.Read(ref handledEventCount);

    /// <inheritdoc/>
    /// <remarks>
    /// Several handlers of one name run in the order registered. Handlers of <see cref="WttSignal.Shutdown"/>
    /// run after <see cref="ShutdownToken"/> is cancelled (its default action), so the token they get is cancelled;
    /// those registered when the event is taken run even if the cancellation disposes their registration meanwhile,
    /// and disposing the process waits for them.
    /// Events of this name that arrived before (held, see <see cref="MaxHeldEvents"/>) are delivered to it first,
    /// in the order sent, on the event loop.
    /// A handler starts on the thread the loop runs on. With the machine's shared-memory table (Linux), an event that
    /// finds the loop waiting starts its handler on the process's event thread, named <c>Wtt events</c>, which the sender
    /// wakes directly. Otherwise (another bus, a held event, an event that came while a handler ran) it starts on the
    /// thread the loop is already on, that one or a thread-pool thread.
    /// After an await that does not complete at once it goes on on the thread pool. Since handlers run one at a time, one
    /// that blocks holds up the next events, which wait in the process's queue meanwhile.
    /// </remarks>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: an empty name.</exception>
    public IDisposable OnEvent(string eventName, Func<WttSignal, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (string.IsNullOrWhiteSpace(eventName))
        {
            throw WttException.InvalidArgument("The event name is empty; give the name the sender uses (WttSignal.Name).");
        }

        var registration = new Registration(this, eventName, handler);
        bool deliver;
        lock (handlersGate)
        {
            if (!handlers.TryGetValue(eventName, out var list))
            {
                handlers[eventName] = list = [];
            }

            list.Add(registration);
            deliver = HasHeld(eventName);
        }

        if (deliver)
        {
            // Events of this name that come meanwhile are held behind these (DispatchAsync), so the order stays.
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Context.inbox.Writer.TryWrite(new Inbound(null, state.Name)), (Context: this, Name: eventName), preferLocal: false);
        }

        return registration;
    }

    private async Task RunEventLoopAsync(CancellationToken cancellationToken)
    {
        var pump = PumpAsync(
            eventBus is TableEventBus { CanReceiveOnThread: true } tableBus
                ? tableBus.StartReceiving(Id, Deliver, cancellationToken)
                : Task.Run(() => ReceiveAllAsync(cancellationToken), CancellationToken.None),
            cancellationToken);
        try
        {
            await foreach (var item in inbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.Signal is { } signal)
                {
                    await DispatchAsync(signal).ConfigureAwait(false);
                }
                else
                {
                    await DeliverHeldAsync(item.HeldName!).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Detached.
        }

        await pump.ConfigureAwait(false);
    }

    /// <summary>
    /// Completes the inbox (which also carries the deliveries of held events) when the receiving of the process's events
    /// ends. With the machine's table, the events come in on the process's event thread
    /// (<see cref="TableEventBus.StartReceiving"/>), which the sender's wake wakes directly; the inbox's write runs the loop
    /// there, so a handler starts with no hand-off to the pool. With another bus they come in on the thread pool.
    /// </summary>
    private async Task PumpAsync(Task receiving, CancellationToken cancellationToken)
    {
        try
        {
            await receiving.ConfigureAwait(false);
            inbox.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            inbox.Writer.TryComplete();
        }
        catch (Exception e)
        {
            // The loop rethrows it (the row was removed, for example), so Completion reports it once.
            inbox.Writer.TryComplete(e);
        }
    }

    private async Task ReceiveAllAsync(CancellationToken cancellationToken)
    {
        await foreach (var signal in eventBus.ReceiveAllAsync(Id, cancellationToken).ConfigureAwait(false))
        {
            Deliver(signal);
        }
    }

    private void Deliver(WttSignal signal) => inbox.Writer.TryWrite(new Inbound(signal, null));

    private async ValueTask DispatchAsync(WttSignal signal)
    {
        // The handlers are those registered when the event is taken: a Shutdown handler still runs when the
        // cancelled token ends the program's main loop, and its registration is disposed, before the handler's turn.
        Registration[] targets;
        bool dropped;
        lock (handlersGate)
        {
            // Behind held events of the same name (their delivery is on its way), or with no handler: hold it.
            if (HasHeld(signal.Name) || !handlers.TryGetValue(signal.Name, out var list) || list.Count == 0)
            {
                dropped = !TryHold(signal);
                targets = [];
            }
            else
            {
                dropped = false;
                targets = [.. list];
            }
        }

        if (signal.IsShutdown)
        {
            try
            {
                await shutdown.CancelAsync().ConfigureAwait(false);
            }
            catch (AggregateException e)
            {
                HandlerFailed?.Invoke(this, e);
            }
        }

        if (dropped)
        {
            Interlocked.Increment(ref droppedEventCount);
            Interlocked.Increment(ref handledEventCount);
            EventDropped?.Invoke(this, signal);
        }
        else if (targets.Length > 0)
        {
            await RunAsync(signal, targets).ConfigureAwait(false);
        }
    }

    private async ValueTask RunAsync(WttSignal signal, Registration[] targets)
    {
        foreach (var target in targets)
        {
            try
            {
                await target.Handler(signal, ShutdownToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                HandlerFailed?.Invoke(this, e);
            }
        }

        Interlocked.Increment(ref handledEventCount);
    }

    private void Remove(Registration registration)
    {
        lock (handlersGate)
        {
            if (handlers.TryGetValue(registration.EventName, out var list))
            {
                list.Remove(registration);
            }
        }
    }

    /// <summary>An item of the event loop: an event from the bus, or the name whose held events now have a handler.</summary>
    private readonly record struct Inbound(WttSignal? Signal, string? HeldName);

    private sealed class Registration(WttProcessContext owner, string eventName, Func<WttSignal, CancellationToken, ValueTask> handler) : IDisposable
    {
        public string EventName { get; } = eventName;

        public Func<WttSignal, CancellationToken, ValueTask> Handler { get; } = handler;

        public void Dispose() => owner.Remove(this);
    }
}
