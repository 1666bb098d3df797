// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.VisualStudio.Threading;

namespace Wtt.Transports.Rpc;

/// <summary>
/// The context of an agent's connection (<see cref="StreamJsonRpc.JsonRpc.SynchronizationContext"/>): it queues what is
/// posted to it to the thread pool, except the one post that <see cref="RunNextPostInline"/> marks on the posting thread,
/// which it runs at once, and the one that <see cref="RunNextPostInOrder"/> marks, which it queues behind the connection's
/// other such posts, run one at a time on a thread of the pool.
/// </summary>
/// <remarks>
/// StreamJsonRpc awaits the context before it invokes a method, and that await is the first post of the dispatch
/// (<see cref="WttJsonRpc"/> marks it for the methods answered from the agent's own state). Marked inline, the method runs
/// on the thread that read its request, where the thread pool would wake another thread for every call; while it runs,
/// the connection reads nothing else, so only methods that never block are marked. Marked in order, it runs as
/// StreamJsonRpc's own default context runs every method (<see cref="NonConcurrentSynchronizationContext"/>): requests
/// that came together are answered one after another by one thread of the pool while the connection reads on, instead
/// of one work item of the pool each.
/// </remarks>
internal sealed class InlineSynchronizationContext : SynchronizationContext
{
    [ThreadStatic]
    private static Route next;

    /// <summary>Runs the posts marked in order, one at a time and in the order they were posted.</summary>
    private readonly SynchronizationContext inOrder;

    /// <summary>Initializes the context of a connection.</summary>
    /// <param name="inOrder">
    /// The context that runs the posts marked in order, one at a time: the <see cref="NonConcurrentSynchronizationContext"/>
    /// that StreamJsonRpc gives every connection, which this context replaces.
    /// </param>
    public InlineSynchronizationContext(SynchronizationContext inOrder) => this.inOrder = inOrder;

    /// <summary>Where a post runs.</summary>
    private enum Route
    {
        /// <summary>On the thread pool, at once.</summary>
        Pool,

        /// <summary>On the posting thread, inside <see cref="Post"/>.</summary>
        Inline,

        /// <summary>On the thread pool, behind the posts marked so before it.</summary>
        InOrder,
    }

    /// <summary>Makes the next post on this thread run at once, until <see cref="ClearMark"/>.</summary>
    public static void RunNextPostInline() => next = Route.Inline;

    /// <summary>Makes the next post on this thread run after the posts marked so before it, one at a time, until <see cref="ClearMark"/>.</summary>
    public static void RunNextPostInOrder() => next = Route.InOrder;

    /// <summary>Clears the mark of <see cref="RunNextPostInline"/> or <see cref="RunNextPostInOrder"/> if no post took it.</summary>
    public static void ClearMark() => next = Route.Pool;

    /// <inheritdoc/>
    public override void Post(SendOrPostCallback d, object? state)
    {
        var route = next;
        next = Route.Pool;
        switch (route)
        {
            case Route.Inline:
                d(state);
                return;
            case Route.InOrder:
                inOrder.Post(d, state);
                return;
            default:
                base.Post(d, state);
                return;
        }
    }

    /// <inheritdoc/>
    public override SynchronizationContext CreateCopy() => this;
}
