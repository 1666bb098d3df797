// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>
/// The last call ids of each caller instance, and whether each finished; optionally mirrored in a file so the
/// agent's next instance can tell callers which of their calls it did not finish.
/// </summary>
/// <remarks>Thread-safe. The file holds lines <c>B caller call</c> (begun) and <c>E caller call</c> (ended).</remarks>
internal sealed partial class CallJournal : IDisposable
{
    private readonly Dictionary<Guid, LinkedList<(Guid Call, bool Done)>> callers = [];
    private readonly Dictionary<Guid, IReadOnlyList<Guid>> previous;
    private readonly int size;
    private readonly Lock gate = new();

    /// <summary>Initializes the journal, reading what the previous instance left in <paramref name="folder"/>.</summary>
    public CallJournal(int size, string? folder)
    {
        this.size = size;
        previous = folder is null ? [] : LoadPrevious(folder);
        writer = folder is null ? null : OpenFile(folder);
    }

    /// <summary>Gets the calls of <paramref name="caller"/> that the previous agent instance began and did not finish.</summary>
    public IReadOnlyList<Guid> UnfinishedByPrevious(Guid caller)
    {
        lock (gate)
        {
            return previous.TryGetValue(caller, out var calls) ? calls : [];
        }
    }

    /// <summary>Records that a call began.</summary>
    public void Begin(Guid caller, Guid call)
    {
        lock (gate)
        {
            if (!callers.TryGetValue(caller, out var list))
            {
                callers[caller] = list = new();
            }

            list.AddLast((call, false));
            while (list.Count > size)
            {
                list.RemoveFirst();
            }

            Append('B', caller, call);
        }
    }

    /// <summary>Records that a call ended (answered, with a result or an error).</summary>
    public void End(Guid caller, Guid call)
    {
        lock (gate)
        {
            if (callers.TryGetValue(caller, out var list))
            {
                for (var node = list.Last; node is not null; node = node.Previous)
                {
                    if (node.Value.Call == call)
                    {
                        node.Value = (call, true);
                        break;
                    }
                }
            }

            Append('E', caller, call);
        }
    }

    /// <summary>Gets the recent calls of a caller, oldest first, with whether each finished.</summary>
    public IReadOnlyList<(Guid Call, bool Done)> Recent(Guid caller)
    {
        lock (gate)
        {
            return callers.TryGetValue(caller, out var list) ? [.. list] : [];
        }
    }
}
