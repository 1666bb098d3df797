// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Waits for changes and events, woken by the change itself and timed by the injected clock.</content>
public sealed partial class InMemoryProcessTable
{
    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/> (a negative, not infinite, timeout), <see cref="WttErrorCode.Closed"/> (the table was disposed).</exception>
    public async ValueTask<long> WaitForChangeAsync(long observed, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        WttTimeouts.ValidateTimeout(timeout, nameof(timeout));
        Task signal;
        lock (gate)
        {
            ThrowIfDisposed();
            if (changeCounter != observed)
            {
                return changeCounter;
            }

            signal = changed.Task;
        }

        if (!await WaitAsync(signal, timeout, cancellationToken).ConfigureAwait(false))
        {
            return ChangeCounter;
        }

        lock (gate)
        {
            ThrowIfDisposed();
            return changeCounter;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/> (a nil id, a negative timeout), <see cref="WttErrorCode.UnknownProcess"/> (also when the row is removed during the wait), <see cref="WttErrorCode.Closed"/>.</exception>
    public async ValueTask<long> WaitForEventAsync(WttProcessId id, long observed, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        WttTimeouts.ValidateTimeout(timeout, nameof(timeout));
        Task signal;
        lock (gate)
        {
            var row = GetRow(id);
            if (row.Record.EventSequence != observed)
            {
                return row.Record.EventSequence;
            }

            signal = row.EventSignal.Task;
        }

        await WaitAsync(signal, timeout, cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            return GetRow(id).Record.EventSequence;
        }
    }

    /// <summary>Waits for a signal; <see langword="false"/> when the timeout passed first.</summary>
    private async Task<bool> WaitAsync(Task signal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await signal.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
