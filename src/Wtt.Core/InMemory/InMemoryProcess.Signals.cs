// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using Wtt.Core.Launching.Native;

namespace Wtt.Core;

/// <content>Signals sent to the process and how it reacts.</content>
public sealed partial class InMemoryProcess
{
    private readonly List<PosixSignal> signals = [];
    private readonly List<(PosixSignal? Match, TaskCompletionSource<PosixSignal> Done)> signalWaiters = [];
    private int killTreeCount;

    /// <summary>Raised, on the sending thread, for every signal sent while the process runs (before it reacts).</summary>
    /// <remarks>With <see cref="InMemorySignalReaction.Ignore"/>, a handler may script a custom reaction (for example <c>Exit(0)</c>).</remarks>
    public event EventHandler<PosixSignal>? SignalReceived;

    /// <summary>Gets the signals sent to the process while it ran, in order.</summary>
    public IReadOnlyList<PosixSignal> ReceivedSignals
    {
        get
        {
            lock (gate)
            {
                return [.. signals];
            }
        }
    }

    /// <summary>Gets how many times <see cref="KillTreeAsync"/> was called.</summary>
    public int KillTreeCount => Volatile.Read(ref killTreeCount);

    /// <inheritdoc/>
    public ValueTask<bool> SendSignalAsync(PosixSignal signal, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var number = SignalNumbers.ToLinux(signal);
        List<TaskCompletionSource<PosixSignal>> done = [];
        lock (gate)
        {
            if (HasExited)
            {
                return ValueTask.FromResult(false);
            }

            signals.Add(signal);
            for (var i = signalWaiters.Count - 1; i >= 0; i--)
            {
                if (signalWaiters[i].Match is null || signalWaiters[i].Match == signal)
                {
                    done.Add(signalWaiters[i].Done);
                    signalWaiters.RemoveAt(i);
                }
            }
        }

        SignalReceived?.Invoke(this, signal);
        foreach (var waiter in done)
        {
            waiter.TrySetResult(signal);
        }

        if (number == SignalNumbers.Kill
            || (number == SignalNumbers.Terminate && TerminateReaction == InMemorySignalReaction.Exit))
        {
            EndBySignal(number);
        }

        return ValueTask.FromResult(true);
    }

    /// <inheritdoc/>
    /// <remarks>Ends the process as killed by SIGKILL (exit code 137) unless it has already ended.</remarks>
    public ValueTask KillTreeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref killTreeCount);
        EndBySignal(SignalNumbers.Kill);
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits for a signal, received already or later.</summary>
    /// <param name="signal">The signal to wait for; <see langword="null"/> for any.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The signal received.</returns>
    public Task<PosixSignal> WaitForSignalAsync(PosixSignal? signal = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            foreach (var received in signals)
            {
                if (signal is null || signal == received)
                {
                    return Task.FromResult(received);
                }
            }

            var done = new TaskCompletionSource<PosixSignal>(TaskCreationOptions.RunContinuationsAsynchronously);
            signalWaiters.Add((signal, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }
}
