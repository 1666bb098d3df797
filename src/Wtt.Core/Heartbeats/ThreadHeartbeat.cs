// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>A registered thread of a <see cref="HeartbeatMonitor"/>: its beats and its comment stack.</summary>
/// <remarks>
/// A beat only increments a counter: reading a clock costs more than the whole beat may (a clock read is
/// 150 ns or more on some virtual machines). The monitor reads the counter at each tick (and in
/// <see cref="HeartbeatMonitor.GetThreads"/>) and takes the time it sees a change as the last beat, so
/// <see cref="ThreadInfo.LastBeat"/> is exact to within one interval.
/// </remarks>
internal sealed class ThreadHeartbeat : IThreadHeartbeat
{
    private readonly HeartbeatMonitor monitor;
    private readonly TimeProvider timeProvider;
    private readonly List<string> comments = [];
    private readonly Lock observeGate = new();
    private long beats;
    private long seenBeats;
    private long lastBeat;
    private int disposed;

    public ThreadHeartbeat(HeartbeatMonitor monitor, string name, TimeSpan timeout, TimeProvider timeProvider)
    {
        this.monitor = monitor;
        this.timeProvider = timeProvider;
        Name = name;
        Timeout = timeout;
        lastBeat = timeProvider.GetTimestamp();
    }

    public string Name { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Gets or sets whether the monitor reported this thread stuck; used under the monitor's tick gate.</summary>
    public bool ReportedStuck { get; set; }

    public void Beat() => Interlocked.Increment(ref beats);

    public IDisposable PushComment(string comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        int depth;
        lock (comments)
        {
            depth = comments.Count;
            comments.Add(comment);
        }

        monitor.BumpThreadsVersion();
        return new CommentScope(this, depth);
    }

    public void PopComment() => PopTo(-1);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            monitor.Unregister(this);
        }
    }

    public bool IsLate(long now) => IsLate(Observe(now), now);

    public ThreadInfo ToInfo(long now, DateTimeOffset utcNow)
    {
        string[] stack;
        lock (comments)
        {
            stack = [.. comments];
        }

        var last = Observe(now);
        return new ThreadInfo(Name)
        {
            LastBeat = utcNow - timeProvider.GetElapsedTime(last, now),
            HeartbeatTimeout = Timeout,
            IsStuck = IsLate(last, now),
            Comments = stack,
        };
    }

    /// <summary>Takes <paramref name="now"/> as the last beat if the counter moved since the last look.</summary>
    /// <returns>The timestamp of the last beat seen.</returns>
    private long Observe(long now)
    {
        lock (observeGate)
        {
            var count = Volatile.Read(ref beats);
            if (count != seenBeats)
            {
                seenBeats = count;
                lastBeat = now;
            }

            return lastBeat;
        }
    }

    private bool IsLate(long last, long now)
        => Timeout != System.Threading.Timeout.InfiniteTimeSpan && timeProvider.GetElapsedTime(last, now) > Timeout;

    /// <summary>Pops the top comment (<paramref name="depth"/> -1) or every comment down to a depth.</summary>
    private void PopTo(int depth)
    {
        lock (comments)
        {
            if (comments.Count == 0)
            {
                return;
            }

            var keep = depth < 0 ? comments.Count - 1 : depth;
            if (keep >= comments.Count)
            {
                return;
            }

            comments.RemoveRange(keep, comments.Count - keep);
        }

        monitor.BumpThreadsVersion();
    }

    private sealed class CommentScope(ThreadHeartbeat owner, int depth) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.PopTo(depth);
            }
        }
    }
}
