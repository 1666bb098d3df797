// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>
/// The kills of one terminate of many processes: each member's tree is walked as the member comes to its kill, and
/// the signals of all the members that came to it together are sent at once, when the batch fires.
/// </summary>
/// <remarks>
/// Each killed process wants the CPU for its exit, and each exit is then recorded. Sent one member after another, each
/// between the next member's reads, the signals would leave the caller's thread waiting behind the exits it caused
/// (on two cores, most of a terminate of 200 went that way). Walked first and signalled together, the whole tree is
/// signalled within a few microseconds per member. Members that come to their kill after the batch fired (after a
/// grace period) are signalled at once.
/// </remarks>
internal sealed class KillBatch
{
    private readonly Lock gate = new();
    private List<TreeKiller.TreeWalk>? held = [];

    /// <summary>Holds a walk's signals until <see cref="Fire"/>, when the batch has not fired yet.</summary>
    /// <param name="walk">The walk.</param>
    /// <returns><see langword="false"/> when the batch has fired: the caller signals at once.</returns>
    public bool TryHold(TreeKiller.TreeWalk walk)
    {
        lock (gate)
        {
            if (held is null)
            {
                return false;
            }

            held.Add(walk);
            return true;
        }
    }

    /// <summary>Drops a walk held and not signalled yet (its owner gave up): it is never signalled.</summary>
    /// <param name="walk">The walk.</param>
    public void Drop(TreeKiller.TreeWalk walk)
    {
        lock (gate)
        {
            _ = held?.Remove(walk);
        }
    }

    /// <summary>Signals every walk held and closes the batch; later walks are signalled by their owners at once.</summary>
    public void Fire()
    {
        lock (gate)
        {
            foreach (var walk in held ?? [])
            {
                TreeKiller.Signal(walk);
            }

            held = null;
        }
    }
}

/// <summary>A launched process whose tree kill can join a <see cref="KillBatch"/>.</summary>
internal interface IBatchedTreeKill
{
    /// <summary>Kills the process's tree, its signals sent when <paramref name="batch"/> fires (at once if it has).</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Ends the wait for the tree to die.</param>
    /// <returns>A task that completes when the tree was killed.</returns>
    ValueTask KillTreeAsync(KillBatch batch, CancellationToken cancellationToken);
}
