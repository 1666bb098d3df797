// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;

namespace Wtt.Core;

/// <summary>
/// The heartbeat monitor of a Wtt-based process: registered threads beat locally, and a timer of the
/// injected <see cref="TimeProvider"/> calls <see cref="Tick"/>, which stamps the process's row only while
/// every thread beat within its timeout.
/// </summary>
/// <remarks>
/// Thread-safe. A thread that misses its timeout is named once in <see cref="ThreadStuck"/> and the row's
/// status becomes <see cref="ProcessStatus.NeedsAssistance"/> (<see cref="ProcessStatus.DebugBreak"/> when a
/// debugger is attached); once every thread beats again, the next tick puts back the status it had. With a
/// <c>FakeTimeProvider</c>, <c>Advance</c> runs the ticks on the advancing thread.
/// </remarks>
public sealed partial class HeartbeatMonitor : IHeartbeatMonitor
{
    private readonly IProcessTable table;
    private readonly TimeProvider timeProvider;
    private readonly bool breakIntoDebugger;
    private readonly Lock registrationGate = new();
    private readonly Lock tickGate = new();
    private readonly ITimer timer;
    private ThreadHeartbeat[] threads = [];
    private long threadsVersion;
    private int publishedThreadCount = -1;
    private bool markedStuck;
    private ProcessStatus statusBeforeStuck;
    private bool disposed;

    /// <summary>Initializes a monitor and starts its timer.</summary>
    /// <param name="table">The table holding the process's row.</param>
    /// <param name="self">The process whose row is stamped.</param>
    /// <param name="timeProvider">The clock of beats and ticks (a <c>FakeTimeProvider</c> in tests).</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a nil id or invalid options.</exception>
    public HeartbeatMonitor(IProcessTable table, WttProcessId self, TimeProvider timeProvider, HeartbeatMonitorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (self.IsNil)
        {
            throw WttException.InvalidArgument("The monitored process id is nil; pass the id of the process's row.");
        }

        options ??= new HeartbeatMonitorOptions();
        options.Validate();
        this.table = table;
        this.timeProvider = timeProvider;
        ProcessId = self;
        Interval = options.Interval;
        DefaultThreadTimeout = options.DefaultThreadTimeout;
        breakIntoDebugger = options.BreakIntoDebugger;
        // The first stamp is now, at attach, so a waiter sees the process alive before one interval passes.
        table.StampHeartbeat(self, timeProvider.GetUtcNow());
        timer = timeProvider.CreateTimer(static state => ((HeartbeatMonitor)state!).OnTimer(), this, Interval, Interval);
    }

    /// <inheritdoc/>
    public event EventHandler<ThreadInfo>? ThreadStuck;

    /// <summary>Raised on the monitor's thread after every tick.</summary>
    internal event EventHandler? Ticked;

    /// <summary>Gets the process whose row the monitor stamps.</summary>
    public WttProcessId ProcessId { get; }

    /// <inheritdoc/>
    public TimeSpan Interval { get; }

    /// <summary>Gets the timeout of threads that register without one.</summary>
    public TimeSpan DefaultThreadTimeout { get; }

    /// <summary>Gets a value indicating whether the monitor marked the process as stuck (a thread missed its timeout).</summary>
    public bool IsProcessStuck
    {
        get
        {
            lock (tickGate)
            {
                return markedStuck;
            }
        }
    }

    /// <summary>Gets a number bumped whenever the threads change: a registration, a comment, a thread getting stuck or recovering.</summary>
    /// <remarks>Publishers compare it to decide whether <see cref="GetThreads"/> is worth writing out; beats alone do not bump it.</remarks>
    public long ThreadsVersion => Interlocked.Read(ref threadsVersion);

    /// <summary>Gets the last exception a timer tick threw (for example, the row was removed), or <see langword="null"/>.</summary>
    public Exception? LastTickError { get; private set; }

    /// <summary>Gets or sets the check for an attached debugger; tests replace it.</summary>
    internal Func<bool> IsDebuggerAttached { get; set; } = static () => Debugger.IsAttached || Inspection.ProcFs.IsTraced();

    /// <summary>Gets or sets what breaks into the debugger; tests replace it.</summary>
    internal Action BreakAction { get; set; } = Debugger.Break;

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        lock (registrationGate)
        {
            if (disposed)
            {
                return ValueTask.CompletedTask;
            }

            disposed = true;
        }

        lock (tickGate)
        {
            timer.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void OnTimer()
    {
        try
        {
            Tick();
        }
        catch (Exception e)
        {
            // A timer callback must not throw: the row may be gone or a handler may have failed.
            LastTickError = e;
        }
    }
}
