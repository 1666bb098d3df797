// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Rpc;

/// <summary>
/// The context of an agent's connection (<see cref="StreamJsonRpc.JsonRpc.SynchronizationContext"/>): it queues what is
/// posted to it to the thread pool, as StreamJsonRpc's default context does, except the one post that
/// <see cref="RunNextPostInline"/> marks on the posting thread, which it runs at once.
/// </summary>
/// <remarks>
/// StreamJsonRpc awaits the context before it invokes a method, and that await is the first post of the dispatch
/// (<see cref="WttJsonRpc"/> marks it for the methods answered from the agent's own state). With the mark, the method runs
/// on the thread that read its request, where the thread pool would wake another thread for every call; while it runs,
/// the connection reads nothing else, so only methods that never block are marked.
/// </remarks>
internal sealed class InlineSynchronizationContext : SynchronizationContext
{
    [ThreadStatic]
    private static bool inlineNext;

    private InlineSynchronizationContext()
    {
    }

    /// <summary>Gets the one instance.</summary>
    public static InlineSynchronizationContext Instance { get; } = new();

    /// <summary>Makes the next post on this thread run at once, until <see cref="ClearInline"/>.</summary>
    public static void RunNextPostInline() => inlineNext = true;

    /// <summary>Clears the mark of <see cref="RunNextPostInline"/> if no post took it.</summary>
    public static void ClearInline() => inlineNext = false;

    /// <inheritdoc/>
    public override void Post(SendOrPostCallback d, object? state)
    {
        if (inlineNext)
        {
            inlineNext = false;
            d(state);
            return;
        }

        base.Post(d, state);
    }

    /// <inheritdoc/>
    public override SynchronizationContext CreateCopy() => this;
}
