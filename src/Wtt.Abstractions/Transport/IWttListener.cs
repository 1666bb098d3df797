// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>A listening endpoint of a transport. Disposing it stops listening.</summary>
public interface IWttListener : IAsyncDisposable
{
    /// <summary>Gets the address callers connect to (with the port chosen, where one was asked for as 0).</summary>
    Uri Address { get; }

    /// <summary>Waits for the next caller.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A connected, full-duplex stream to the caller.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.Closed"/>: the listener was disposed.</exception>
    ValueTask<Stream> AcceptAsync(CancellationToken cancellationToken = default);
}
