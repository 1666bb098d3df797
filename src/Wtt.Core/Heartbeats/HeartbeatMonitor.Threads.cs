// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Registered threads.</content>
public sealed partial class HeartbeatMonitor
{
    /// <inheritdoc/>
    public IThreadHeartbeat RegisterThread(string name, TimeSpan? timeout = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw WttException.InvalidArgument("The thread's name is empty; give a name that says what the thread does.");
        }

        var effective = timeout ?? DefaultThreadTimeout;
        WttTimeouts.ValidateDebugTimeout(effective, nameof(timeout));
        var thread = new ThreadHeartbeat(this, name, effective, timeProvider);
        lock (registrationGate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            threads = [.. threads, thread];
        }

        BumpThreadsVersion();
        return thread;
    }

    /// <inheritdoc/>
    public IReadOnlyList<ThreadInfo> GetThreads()
    {
        var now = timeProvider.GetTimestamp();
        var utcNow = timeProvider.GetUtcNow();
        var snapshot = Volatile.Read(ref threads);
        var infos = new ThreadInfo[snapshot.Length];
        for (var i = 0; i < snapshot.Length; i++)
        {
            infos[i] = snapshot[i].ToInfo(now, utcNow);
        }

        return infos;
    }

    internal void BumpThreadsVersion() => Interlocked.Increment(ref threadsVersion);

    internal void Unregister(ThreadHeartbeat thread)
    {
        lock (registrationGate)
        {
            threads = [.. threads.Where(t => t != thread)];
        }

        BumpThreadsVersion();
    }
}
