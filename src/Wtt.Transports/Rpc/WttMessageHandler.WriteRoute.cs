// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.IO.Pipelines;
using StreamJsonRpc.Protocol;

namespace Wtt.Transports.Rpc;

/// <content>Where a plain connection's messages are written into the stream.</content>
internal sealed partial class WttMessageHandler
{
    /// <summary>
    /// Runs the copying task of a plain connection's pipe, which writes flushed messages into the stream: on the caller's
    /// thread for a request made while no other call of the connection is pending, else on the thread pool.
    /// </summary>
    /// <remarks>
    /// <para>
    /// StreamJsonRpc's own handler over a stream hands every flushed message to a thread-pool thread, which writes it into
    /// the socket. A call made alone now sends its request without that hand-off, as a bare socket write would. In turns
    /// with the build that hands it off (tests/Wtt.Benchmarks/Lifecycle/README.md, fifteenth pass; 75 repeats, the machine
    /// loaded), a remote open's median ratio to the echo went from 0.97 to 0.83, and a running process's info's from 1.26
    /// to 1.10; the call's thread-pool work items from 5 to 4.
    /// </para>
    /// <para>
    /// Everything else keeps the hand-off: there the messages flushed while the task writes gather in the pipe and go out
    /// in one write, and no sender (which holds the connection's send lock while it flushes) waits for the socket.
    /// <list type="bullet">
    /// <item>Requests made while another call is pending, so calls close together go out together. Written on the
    /// caller's thread, 64 calls in flight took 2.6–3.1× the echo's time a call, against 0.98–1.17× handed off.</item>
    /// <item>Answers, so the agent's reading thread, which makes the answers of the lone requests it answers at once
    /// (<see cref="WttJsonRpc.RunInline"/>), goes back to reading at once. Written on that thread as well, a lone call got
    /// slower instead of faster: open 0.99 → 1.03, info 1.24 → 1.31 (51 repeats).</item>
    /// <item>A message over <see cref="InlineBytes"/>: a stream that does not take it at once holds up no caller.</item>
    /// </list>
    /// </para>
    /// <para>
    /// The count only chooses the thread; it needs no floor, since an answer to nothing asked makes StreamJsonRpc end the
    /// connection. A wrong count would send a request on the less batched or the slower road, and never loses or
    /// reorders a message: the copying task is one, and the pipe keeps the order.
    /// </para>
    /// </remarks>
    private sealed class WriteRoute : PipeScheduler
    {
        /// <summary>The largest request written on the caller's thread: one a socket's send buffer takes at once.</summary>
        private const int InlineBytes = 16 * 1024;

        private int pendingCalls;
        private volatile bool inline;

        /// <summary>Takes a call off the pending count when its answer comes.</summary>
        /// <param name="message">A message read from the connection.</param>
        public void Received(JsonRpcMessage message)
        {
            if (message is JsonRpcResult or JsonRpcError)
            {
                Interlocked.Decrement(ref pendingCalls);
            }
        }

        /// <summary>Counts a request sent, and chooses where the message about to be flushed is written.</summary>
        /// <param name="message">The message, serialized.</param>
        /// <param name="bytes">Its size.</param>
        /// <remarks>Called under the connection's send lock, just before the flush that schedules the copying task.</remarks>
        public void Sending(JsonRpcMessage message, long bytes)
            => inline = message is JsonRpcRequest { IsResponseExpected: true } && Interlocked.Increment(ref pendingCalls) == 1 && bytes <= InlineBytes;

        /// <inheritdoc/>
        public override void Schedule(Action<object?> action, object? state)
        {
            if (inline)
            {
                action(state);
            }
            else
            {
                System.Threading.ThreadPool.UnsafeQueueUserWorkItem(action, state, preferLocal: false);
            }
        }
    }
}
