// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Events that arrived before a handler of their name was registered.</content>
public sealed partial class WttProcessContext
{
    /// <summary>
    /// How many events with no handler yet the process holds (all names together) for the handler registered
    /// later; past it, an event nobody handles is dropped and counted (<see cref="DroppedEventCount"/>).
    /// </summary>
    public const int MaxHeldEvents = 1024;

    private readonly Dictionary<string, Queue<WttSignal>> held = new(StringComparer.Ordinal);
    private int heldCount;

    /// <summary>Gets the number of events held because no handler of their name has been registered yet.</summary>
    public int HeldEventCount
    {
        get
        {
            lock (handlersGate)
            {
                return heldCount;
            }
        }
    }

    /// <summary>Whether events of <paramref name="name"/> are held; called under the handlers' lock.</summary>
    private bool HasHeld(string name) => held.TryGetValue(name, out var queue) && queue.Count > 0;

    /// <summary>Holds an event for a later handler, unless <see cref="MaxHeldEvents"/> are held; called under the handlers' lock.</summary>
    private bool TryHold(WttSignal signal)
    {
        if (heldCount >= MaxHeldEvents)
        {
            return false;
        }

        if (!held.TryGetValue(signal.Name, out var queue))
        {
            held[signal.Name] = queue = new Queue<WttSignal>();
        }

        queue.Enqueue(signal);
        heldCount++;
        return true;
    }

    /// <summary>Delivers the held events of a name, one at a time and in order, while it has a handler.</summary>
    private async ValueTask DeliverHeldAsync(string name)
    {
        while (true)
        {
            WttSignal signal;
            Registration[] targets;
            lock (handlersGate)
            {
                if (!handlers.TryGetValue(name, out var list) || list.Count == 0 || !held.TryGetValue(name, out var queue) || queue.Count == 0)
                {
                    return;
                }

                signal = queue.Dequeue();
                heldCount--;
                if (queue.Count == 0)
                {
                    held.Remove(name);
                }

                targets = [.. list];
            }

            await RunAsync(signal, targets).ConfigureAwait(false);
        }
    }
}
