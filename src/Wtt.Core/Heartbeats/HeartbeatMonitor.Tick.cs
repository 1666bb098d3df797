// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>The tick: check the threads, stamp the row, mark and recover the process.</content>
public sealed partial class HeartbeatMonitor
{
    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>: the row is gone.</exception>
    public bool Tick()
    {
        List<ThreadInfo>? newlyStuck = null;
        var stamped = false;
        lock (tickGate)
        {
            if (disposed)
            {
                return false;
            }

            var now = timeProvider.GetTimestamp();
            var snapshot = Volatile.Read(ref threads);
            var anyStuck = false;
            var changed = false;
            foreach (var thread in snapshot)
            {
                var late = thread.IsLate(now);
                anyStuck |= late;
                if (late != thread.ReportedStuck)
                {
                    thread.ReportedStuck = late;
                    changed = true;
                    if (late)
                    {
                        (newlyStuck ??= []).Add(thread.ToInfo(now, timeProvider.GetUtcNow()));
                    }
                }
            }

            if (changed)
            {
                BumpThreadsVersion();
            }

            if (snapshot.Length != publishedThreadCount)
            {
                var count = snapshot.Length;
                table.Update(ProcessId, r => r with { ThreadCount = count });
                publishedThreadCount = count;
            }

            if (!anyStuck)
            {
                table.StampHeartbeat(ProcessId, timeProvider.GetUtcNow());
                stamped = true;
                if (markedStuck)
                {
                    Recover();
                }
            }
            else if (!markedStuck)
            {
                MarkStuck();
            }
        }

        if (newlyStuck is not null)
        {
            foreach (var info in newlyStuck)
            {
                ThreadStuck?.Invoke(this, info);
            }
        }

        Ticked?.Invoke(this, EventArgs.Empty);
        return stamped;
    }

    /// <summary>Sets the row's status, or, while the process is marked stuck, the status it gets back on recovery.</summary>
    /// <param name="status">The status the process is in (for example <see cref="ProcessStatus.Initialized"/>).</param>
    internal void SetProcessStatus(ProcessStatus status)
    {
        lock (tickGate)
        {
            if (markedStuck && !status.IsEnded())
            {
                statusBeforeStuck = status;
                return;
            }

            markedStuck = false;
            table.SetStatus(ProcessId, status);
        }
    }

    /// <summary>Marks the process stuck; call under the tick gate.</summary>
    private void MarkStuck()
    {
        var debugging = IsDebuggerAttached();
        var target = debugging ? ProcessStatus.DebugBreak : ProcessStatus.NeedsAssistance;
        var before = ProcessStatus.Unknown;
        var marked = false;
        table.Update(ProcessId, r =>
        {
            before = r.Status;
            marked = !r.Status.IsEnded();
            return marked ? r with { Status = target } : r;
        });

        if (marked)
        {
            markedStuck = true;
            statusBeforeStuck = before is ProcessStatus.NeedsAssistance or ProcessStatus.DebugBreak ? ProcessStatus.Running : before;
        }

        if (debugging && breakIntoDebugger)
        {
            BreakAction();
        }
    }

    /// <summary>Puts back the status the process had before it was marked; call under the tick gate.</summary>
    private void Recover()
    {
        markedStuck = false;
        var back = statusBeforeStuck;
        table.Update(ProcessId, r => r.Status is ProcessStatus.NeedsAssistance or ProcessStatus.DebugBreak ? r with { Status = back } : r);
    }
}
