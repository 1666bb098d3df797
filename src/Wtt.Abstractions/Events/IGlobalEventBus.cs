// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Delivers global events to Wtt-based processes on this machine.</summary>
/// <remarks>
/// Events to one target arrive in the order sent and none is lost when several are sent at once.
/// Implementations are thread-safe.
/// </remarks>
public interface IGlobalEventBus
{
    /// <summary>Queues an event for a process and wakes it.</summary>
    /// <param name="target">The process.</param>
    /// <param name="signal">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="SignalOutcome.Delivered"/>, or <see cref="SignalOutcome.AlreadyExited"/> when the target has ended.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>, <see cref="WttErrorCode.InvalidArgument"/>.</exception>
    ValueTask<SignalOutcome> SendAsync(WttProcessId target, WttSignal signal, CancellationToken cancellationToken = default);

    /// <summary>Receives the events sent to <paramref name="self"/>, in order, until cancelled.</summary>
    /// <param name="self">The receiving process.</param>
    /// <param name="cancellationToken">Ends the sequence.</param>
    /// <returns>The events.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>.</exception>
    IAsyncEnumerable<WttSignal> ReceiveAllAsync(WttProcessId self, CancellationToken cancellationToken = default);
}
