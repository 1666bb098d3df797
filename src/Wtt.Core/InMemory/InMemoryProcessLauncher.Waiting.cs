// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Finding and waiting for started processes.</content>
public sealed partial class InMemoryProcessLauncher
{
    /// <summary>Finds a started process by its Wtt id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="process">The process, when found.</param>
    /// <returns><see langword="true"/> when a process with that id was started.</returns>
    public bool TryGet(WttProcessId id, out InMemoryProcess process)
    {
        lock (gate)
        {
            process = started.Find(p => p.Id == id)!;
            return process is not null;
        }
    }

    /// <summary>Waits for the first process, started already or later, that matches.</summary>
    /// <param name="match">What to wait for; <see langword="null"/> for any process.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The process.</returns>
    public Task<InMemoryProcess> WaitForStartAsync(Func<InMemoryProcess, bool>? match = null, CancellationToken cancellationToken = default)
    {
        match ??= static _ => true;
        lock (gate)
        {
            var found = started.Find(p => match(p));
            if (found is not null)
            {
                return Task.FromResult(found);
            }

            var done = new TaskCompletionSource<InMemoryProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((match, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits for the process with a given Wtt id to be started.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The process.</returns>
    public Task<InMemoryProcess> WaitForStartAsync(WttProcessId id, CancellationToken cancellationToken = default)
        => WaitForStartAsync(p => p.Id == id, cancellationToken);
}
