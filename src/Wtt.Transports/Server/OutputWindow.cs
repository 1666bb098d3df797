// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>The agent's side of an output stream's flow control: at most <see cref="Bytes"/> sent and not yet acknowledged.</summary>
/// <remarks>Thread-safe: the stream's pump reserves, the connection's acknowledgements release.</remarks>
internal sealed class OutputWindow
{
    /// <summary>The bytes an agent sends ahead of the caller's acknowledgements.</summary>
    public const long Bytes = 1024 * 1024;

    private readonly SemaphoreSlim released = new(0);
    private long outstanding;

    /// <summary>Waits until <paramref name="bytes"/> fit in the window (a chunk bigger than the window waits for an empty one), then takes them.</summary>
    /// <param name="bytes">The bytes about to be sent.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes when the bytes may be sent.</returns>
    public async ValueTask ReserveAsync(int bytes, CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref outstanding) is var now && now > 0 && now + bytes > Bytes)
        {
            await released.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Add(ref outstanding, bytes);
    }

    /// <summary>Gives back what the caller acknowledged.</summary>
    /// <param name="bytes">The bytes consumed.</param>
    public void Release(long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        Interlocked.Add(ref outstanding, -bytes);
        if (released.CurrentCount == 0)
        {
            released.Release();
        }
    }
}
