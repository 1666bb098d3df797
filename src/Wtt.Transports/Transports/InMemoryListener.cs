// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Threading.Channels;

namespace Wtt.Transports;

/// <summary>The listening end of a <c>memory://</c> name.</summary>
internal sealed class InMemoryListener : IWttListener
{
    private readonly Channel<Stream> pending = Channel.CreateUnbounded<Stream>();
    private readonly Action onDispose;

    /// <summary>Initializes the listener.</summary>
    public InMemoryListener(Uri address, Action onDispose)
    {
        Address = address;
        this.onDispose = onDispose;
    }

    /// <inheritdoc/>
    public Uri Address { get; }

    /// <summary>Queues the agent's end of a new pair.</summary>
    /// <returns><see langword="false"/> when the listener is closed.</returns>
    public bool Offer(Stream agentSide) => pending.Writer.TryWrite(agentSide);

    /// <inheritdoc/>
    public async ValueTask<Stream> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new WttException(WttErrorCode.Closed, $"The listener on {Address} was closed.", ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (pending.Writer.TryComplete())
        {
            onDispose();
            while (pending.Reader.TryRead(out var stream))
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
