// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>The awaiting side of a table wait: registration with the watcher, the timeout timer, cancellation.</summary>
internal static class TableWait
{
    /// <summary>Registers a waiter and awaits it, ending with <paramref name="observed"/> when the timeout passes.</summary>
    /// <param name="watcher">The table's watcher.</param>
    /// <param name="time">The clock of the timeout.</param>
    /// <param name="waiter">The waiter.</param>
    /// <param name="observed">The value to return on a timeout.</param>
    /// <param name="timeout">The timeout, or infinite.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The value the wait ended with.</returns>
    public static async ValueTask<long> WaitAsync(ChangeWatcher watcher, TimeProvider time, ChangeWatcher.Waiter waiter, long observed, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var onTimeout = timeout == Timeout.InfiniteTimeSpan
            ? null
            : time.CreateTimer(static state => ((TimedOut)state!).Fire(), new TimedOut(waiter, observed), timeout, Timeout.InfiniteTimeSpan);
        using var onCancel = cancellationToken.Register(static state => ((ChangeWatcher.Waiter)state!).Cancel(default), waiter);
        watcher.Register(waiter);
        try
        {
            var value = await waiter.Task.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return value;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            watcher.Unregister(waiter);
        }
    }

    /// <summary>Ends a wait with the observed value when its timeout passes.</summary>
    private sealed class TimedOut(ChangeWatcher.Waiter waiter, long observed)
    {
        public void Fire() => waiter.Complete(observed);
    }
}
