// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Heartbeats;

/// <summary>A registered thread of a <see cref="HeartbeatMonitor"/>: its last beat and its comment stack.</summary>
internal sealed class ThreadHeartbeat : IThreadHeartbeat
{
    private readonly HeartbeatMonitor monitor;
    private readonly TimeProvider timeProvider;
    private readonly List<string> comments = [];
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

    public void Beat() => Volatile.Write(ref lastBeat, timeProvider.GetTimestamp());

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

    public bool IsLate(long now)
        => Timeout != System.Threading.Timeout.InfiniteTimeSpan
            && timeProvider.GetElapsedTime(Volatile.Read(ref lastBeat), now) > Timeout;

    public ThreadInfo ToInfo(long now, DateTimeOffset utcNow)
    {
        string[] stack;
        lock (comments)
        {
            stack = [.. comments];
        }

        return new ThreadInfo(Name)
        {
            LastBeat = utcNow - timeProvider.GetElapsedTime(Volatile.Read(ref lastBeat), now),
            HeartbeatTimeout = Timeout,
            IsStuck = IsLate(now),
            Comments = stack,
        };
    }

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
