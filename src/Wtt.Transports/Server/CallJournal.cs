// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;

namespace Wtt.Transports;

/// <summary>
/// The last call ids of each caller instance, and whether each finished; optionally mirrored in a file so the
/// agent's next instance can tell callers which of their calls it did not finish.
/// </summary>
/// <remarks>
/// Thread-safe. The file holds lines <c>B caller call</c> (begun) and <c>E caller call</c> (ended), each copied into the
/// file's shared mapping or written with one <c>write</c> as it happens, so the file is exact whenever the agent is killed.
/// </remarks>
internal sealed partial class CallJournal : IDisposable
{
    private readonly ConcurrentDictionary<Guid, CallerRing> callers = new();
    private readonly Dictionary<Guid, IReadOnlyList<Guid>> previous;
    private readonly int size;
    private readonly Lock gate = new();

    /// <summary>Initializes the journal, reading what the previous instance left in <paramref name="folder"/>.</summary>
    /// <param name="size">The calls kept per caller in memory.</param>
    /// <param name="folder">The journal's folder; <see langword="null"/> for none.</param>
    /// <param name="mapped">Whether lines are copied into a mapping or written; <see langword="null"/> to choose by the folder's file system (tests force one).</param>
    public CallJournal(int size, string? folder, bool? mapped = null)
    {
        this.size = size;
        this.mapped = mapped;
        previous = folder is null ? [] : LoadPrevious(folder);
        file = folder is null ? null : OpenFile(folder);
    }

    /// <summary>Gets the calls of <paramref name="caller"/> that the previous agent instance began and did not finish.</summary>
    public IReadOnlyList<Guid> UnfinishedByPrevious(Guid caller)
        => previous.TryGetValue(caller, out var calls) ? calls : [];

    /// <summary>Records that a call began.</summary>
    /// <remarks>
    /// With a file, the call enters the ring and the file under one lock: a compaction between the two wrote the call from
    /// the ring and the line after it again, and the next instance, reading two begins and one end, named it unfinished.
    /// </remarks>
    public void Begin(Guid caller, Guid call)
    {
        var ring = callers.GetOrAdd(caller, static (_, size) => new CallerRing(size), size);
        if (file is null)
        {
            ring.Add(call);
            return;
        }

        lock (gate)
        {
            ring.Add(call);
            Append('B', caller, call);
        }
    }

    /// <summary>Records that a call ended (answered, with a result or an error).</summary>
    public void End(Guid caller, Guid call)
    {
        _ = callers.TryGetValue(caller, out var ring);
        if (file is null)
        {
            ring?.MarkDone(call);
            return;
        }

        lock (gate)
        {
            ring?.MarkDone(call);
            Append('E', caller, call);
        }
    }

    /// <summary>Gets the recent calls of a caller, oldest first, with whether each finished.</summary>
    public IReadOnlyList<(Guid Call, bool Done)> Recent(Guid caller)
        => callers.TryGetValue(caller, out var ring) ? ring.Snapshot() : [];

    /// <summary>
    /// A fixed-size ring of one caller's last calls, and every call of that caller still open: a long call (a wait) that
    /// the ring's newer calls pushed out is still open, and a compaction must keep its line. A call in the ring is done
    /// when it is no longer open.
    /// </summary>
    private sealed class CallerRing(int size)
    {
        private readonly Guid[] slots = new Guid[size];
        private readonly HashSet<Guid> open = [];
        private int next;
        private int count;

        public void Add(Guid call)
        {
            lock (slots)
            {
                slots[next] = call;
                next = (next + 1) % slots.Length;
                count = Math.Min(count + 1, slots.Length);
                _ = open.Add(call);
            }
        }

        public void MarkDone(Guid call)
        {
            lock (slots)
            {
                _ = open.Remove(call);
            }
        }

        public (Guid Call, bool Done)[] Snapshot()
        {
            lock (slots)
            {
                var result = new (Guid, bool)[count];
                for (var i = 0; i < count; i++)
                {
                    var call = slots[(next - count + i + slots.Length) % slots.Length];
                    result[i] = (call, !open.Contains(call));
                }

                return result;
            }
        }

        public IEnumerable<Guid> Open()
        {
            lock (slots)
            {
                return [.. open];
            }
        }
    }
}
