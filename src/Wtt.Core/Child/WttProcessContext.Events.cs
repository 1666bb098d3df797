// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Child;

/// <content>The event loop and its handlers.</content>
public sealed partial class WttProcessContext
{
    private readonly Lock handlersGate = new();
    private readonly Dictionary<string, List<Registration>> handlers = new(StringComparer.Ordinal);
    private long droppedEventCount;
    private long handledEventCount;

    /// <summary>Raised, on the event loop, for every event dropped because nobody handles it.</summary>
    public event EventHandler<WttSignal>? EventDropped;

    /// <summary>Raised, on the event loop, when a handler (or a shutdown token callback) throws; the loop goes on.</summary>
    public event EventHandler<Exception>? HandlerFailed;

    /// <summary>Gets the number of events dropped because nobody handled them.</summary>
    public long DroppedEventCount => Interlocked.Read(ref droppedEventCount);

    /// <summary>Gets the number of events the loop has finished with (handled, dropped, or shut down on).</summary>
    public long ProcessedEventCount => Interlocked.Read(ref handledEventCount);

    /// <inheritdoc/>
    /// <remarks>
    /// Several handlers of one name run in the order registered. Handlers of <see cref="WttSignal.Shutdown"/>
    /// run after <see cref="ShutdownToken"/> is cancelled (its default action), so the token they get is cancelled.
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
        lock (handlersGate)
        {
            if (!handlers.TryGetValue(eventName, out var list))
            {
                handlers[eventName] = list = [];
            }

            list.Add(registration);
        }

        return registration;
    }

    private async Task RunEventLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var signal in eventBus.ReceiveAllAsync(Id, cancellationToken).ConfigureAwait(false))
            {
                await DispatchAsync(signal).ConfigureAwait(false);
                Interlocked.Increment(ref handledEventCount);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Detached.
        }
    }

    private async ValueTask DispatchAsync(WttSignal signal)
    {
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

        Registration[] targets;
        lock (handlersGate)
        {
            targets = handlers.TryGetValue(signal.Name, out var list) ? [.. list] : [];
        }

        if (targets.Length == 0 && !signal.IsShutdown)
        {
            Interlocked.Increment(ref droppedEventCount);
            EventDropped?.Invoke(this, signal);
            return;
        }

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

    private sealed class Registration(WttProcessContext owner, string eventName, Func<WttSignal, CancellationToken, ValueTask> handler) : IDisposable
    {
        public string EventName { get; } = eventName;

        public Func<WttSignal, CancellationToken, ValueTask> Handler { get; } = handler;

        public void Dispose() => owner.Remove(this);
    }
}
