// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading.Channels;
using Wtt.Core.Launching.Native;

namespace Wtt.Core;

/// <summary>
/// A process started by <see cref="LinuxProcessLauncher"/>, held through a pidfd, so a recycled pid is
/// never signalled or waited for by mistake. Its exit and output are watched by the shared poll thread.
/// </summary>
/// <remarks>
/// The pidfd is closed once the process is reaped (after the last tree kill that uses it), not when the process is
/// disposed: a machine keeps its ended processes until their rows are reclaimed, and would otherwise hold one open
/// file per ended process, which every later spawn copies and closes again at its exec.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed partial class LinuxLaunchedProcess : ILaunchedProcess, IBatchedTreeKill, IPollHandler, IExitObservable, IOutputEnd
{
    private readonly Lock _gate = new();
    private readonly LinuxProcessLauncher _launcher;
    private readonly WttProcessId _id;
    private readonly int _pidfd;
    private readonly TaskCompletionSource<ProcessExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action<ProcessExit>? _exitObserver; // ExitReported once the exit is reported
    private readonly Channel<OutputChunk> _output;

    /// <summary>
    /// The output of every process whose output is not captured: empty and complete. A channel of its own for each was
    /// about 1 KB of a start (its queue's first segment, its reader, writer and completion) that nothing ever wrote to.
    /// </summary>
    private static readonly Channel<OutputChunk> NoOutput = Completed(Channel.CreateUnbounded<OutputChunk>());
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _stdoutFd;
    private readonly int _stderrFd;
    private readonly string? _cgroup;
    private readonly CgroupPlacement? _placement;
    private readonly bool _ownGroup;
    private readonly bool _ownSession;
    private long _stdoutOffset;
    private long _stderrOffset;
    private int _openPipes;
    private bool _disposed;
    private bool _reaped;
    private int _pidfdUsers; // tree kills that use the pidfd now; a reaped process's pidfd closes when the last ends
    private bool _pidfdClosed;
    private const int FolderToRemove = 1;
    private const int FolderRemoved = 2;
    private const int FolderRemoving = 3;
    private const int FolderReturned = 4;
    private volatile bool _cgroupLeft; // the folder outlived the process (descendants in it)
    private int _folderState; // 0 until the process exited with a folder, then FolderToRemove, then FolderRemoved or FolderReturned
    private readonly bool _reusableFolder; // may go back to CgroupFolderPool once empty
    private readonly bool _cgroupHoldsTree; // started inside its cgroup, or moved there before it had a child: every descendant is there
    private int _cgroupKills; // tree kills that use the folder now; a folder in use does not go back to the pool
    private bool _folderKilled; // a tree kill wrote cgroup.kill to the folder: it never goes back to the pool
    private bool _folderLeftToKill; // the exit came while tree kills used the folder: the last of them gives it back or removes it

    internal LinuxLaunchedProcess(LinuxProcessLauncher launcher, WttProcessId id, int pid, int pidfd, long startTime, DateTimeOffset startedAt, int stdoutFd, int stderrFd, string? cgroup, CgroupPlacement? placement, bool ownGroup, bool ownSession, bool reusableFolder = false, bool cgroupHoldsTree = false)
    {
        _cgroupHoldsTree = cgroupHoldsTree && cgroup is not null;
        _launcher = launcher;
        _id = id;
        Pid = pid;
        _pidfd = pidfd;
        StartTime = startTime;
        StartedAt = startedAt;
        _stdoutFd = stdoutFd;
        _stderrFd = stderrFd;
        _cgroup = cgroup;
        _placement = placement;
        _reusableFolder = reusableFolder && cgroup is not null;
        _ownGroup = ownGroup;
        _ownSession = ownSession;
        _openPipes = (stdoutFd >= 0 ? 1 : 0) + (stderrFd >= 0 ? 1 : 0);
        _output = _openPipes == 0 ? NoOutput : Channel.CreateUnbounded<OutputChunk>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
        if (_openPipes == 0)
        {
            EndOutput();
        }
    }

    /// <inheritdoc/>
    public int Pid { get; }

    /// <inheritdoc/>
    public long StartTime { get; }

    /// <inheritdoc/>
    public DateTimeOffset StartedAt { get; }

    /// <inheritdoc/>
    public Task<ProcessExit> Exited => _exited.Task;

    /// <inheritdoc/>
    public IAsyncEnumerable<OutputChunk> Output => _output.Reader.ReadAllAsync();

    /// <inheritdoc/>
    public Task OutputEnded => _outputEnded.Task;

    /// <summary>Gets a value indicating whether the pidfd is closed, or handed to the poll thread to close (for tests).</summary>
    internal bool IsPidfdClosed
    {
        get
        {
            lock (_gate)
            {
                return _pidfdClosed;
            }
        }
    }

    /// <inheritdoc/>
    public bool TryObserveExit(Action<ProcessExit> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return Interlocked.CompareExchange(ref _exitObserver, observer, null) is null;
    }

    /// <summary>Starts watching the pidfd and the pipes.</summary>
    /// <exception cref="WttException">The kernel refused to watch them; the process was killed and reaped.</exception>
    internal void Watch()
    {
        try
        {
            FdPoller.Shared.Add([_pidfd, _stdoutFd, _stderrFd], this);
        }
        catch (WttException)
        {
            // Unwatched, it would never be reaped: it is killed, and its exit is taken here as the poll thread would.
            _ = Syscalls.PidfdSendSignal(_pidfd, SignalNumbers.Kill);
            if (_ownGroup || _ownSession)
            {
                _ = LibC.kill(-Pid, SignalNumbers.Kill); // and what it forked meanwhile in its own group
            }

            while (OnExitReady() == FdPoller.PollAction.Keep)
            {
                _ = Syscalls.PollReadable(_pidfd, timeoutMilliseconds: -1);
            }

            Syscalls.CloseQuietly(_pidfd);
            Syscalls.CloseQuietly(_stdoutFd);
            Syscalls.CloseQuietly(_stderrFd);
            EndOutput();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> SendSignalAsync(PosixSignal signal, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var number = SignalNumbers.ToLinux(signal);
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_reaped || Syscalls.HasExited(_pidfd))
            {
                return ValueTask.FromResult(false);
            }

            if (Syscalls.PidfdSendSignal(_pidfd, number) == 0)
            {
                return ValueTask.FromResult(true);
            }
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == LibC.ESRCH
            ? ValueTask.FromResult(false)
            : throw new WttException(errno == 1 ? WttErrorCode.AccessDenied : WttErrorCode.Unknown, $"Sending signal {number} to pid {Pid} failed: {Marshal.GetPInvokeErrorMessage(errno)}.", null, _id);
    }

    /// <inheritdoc/>
    public ValueTask KillTreeAsync(CancellationToken cancellationToken = default) => KillTreeCoreAsync(null, cancellationToken);

    /// <inheritdoc/>
    public ValueTask KillTreeAsync(KillBatch batch, CancellationToken cancellationToken) => KillTreeCoreAsync(batch, cancellationToken);

    private async ValueTask KillTreeCoreAsync(KillBatch? batch, CancellationToken cancellationToken)
    {
        // A reaped process has no pidfd left: its tree is reached through its cgroup and the children lists.
        // A folder gone back to the pool may hold another process by now: it is left alone (it was empty when it went).
        int pidfd;
        string? cgroup;
        lock (_gate)
        {
            ThrowIfDisposed();
            pidfd = _reaped ? -1 : _pidfd;
            _pidfdUsers += pidfd >= 0 ? 1 : 0;
            cgroup = _folderState == FolderReturned ? null : _cgroup;
            _cgroupKills += cgroup is not null ? 1 : 0;
        }

        var usesFolder = cgroup is not null;
        var folderUse = usesFolder ? new TreeKiller.FolderUse() : null;

        try
        {
            // A move still queued would put the process into its cgroup after cgroup.kill: wait for it first.
            if (_placement is not null && !await _placement.Expedite().WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                cgroup = null; // exited before its move: no folder was made
            }

            var holdsTree = _cgroupHoldsTree || _placement is { HeldNoChild: true };
            var root = new TreeKiller.Root(Pid, StartTime, pidfd, cgroup, _ownGroup, _ownSession, _exited.Task, holdsTree);
            await TreeKiller.KillAsync(root, _launcher.Options.KillTreeTimeout, batch, folderUse, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (pidfd >= 0)
            {
                ReleasePidfd();
            }

            if (usesFolder)
            {
                EndFolderUse(folderUse!);
            }
        }
    }

    /// <summary>
    /// Ends a tree kill's use of the folder. A folder <c>cgroup.kill</c> was written to never goes back to the pool: some
    /// kernels kill every child started into it later (see <c>Spawn.CanStartInto</c>). One the kill only read (it found
    /// nobody but the tree it signalled) is as good as new once empty: when the exit came while kills used it, the last
    /// of them gives it back, or has it removed on the pool, as the exit would have.
    /// </summary>
    private void EndFolderUse(TreeKiller.FolderUse use)
    {
        bool takeOver;
        lock (_gate)
        {
            _cgroupKills--;
            _folderKilled |= use.Killed;
            takeOver = _cgroupKills == 0 && _folderLeftToKill;
            _folderLeftToKill &= !takeOver;
        }

        if (takeOver && !TryReturnFolder(use.Unpopulated))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static process => process.RemoveFolder(), this, preferLocal: false);
        }
    }

    /// <summary>Ends a tree kill's use of the pidfd; the last use after the reap closes it, on the poll thread (it may still be in the poll set).</summary>
    private void ReleasePidfd()
    {
        lock (_gate)
        {
            if (--_pidfdUsers != 0 || !_reaped || _pidfdClosed)
            {
                return;
            }

            _pidfdClosed = true;
        }

        FdPoller.Shared.Release(_pidfd);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;

            // The pipes close on the poll thread, after they left the poll set; the pidfd closed when the process
            // was reaped, or closes when it is (the exit is still reaped, so no zombie is left).
            if (_stdoutFd >= 0)
            {
                FdPoller.Shared.Remove(_stdoutFd, this, close: true);
            }

            if (_stderrFd >= 0)
            {
                FdPoller.Shared.Remove(_stderrFd, this, close: true);
            }

        }

        EndOutput();
        if (_exited.Task.IsCompleted)
        {
            RemoveFolder();
        }

        return ValueTask.CompletedTask;
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new WttException(WttErrorCode.Closed, $"The launched process {Pid} was disposed; keep the ILaunchedProcess until you no longer signal it.", null, _id);
        }
    }

    private static Channel<OutputChunk> Completed(Channel<OutputChunk> channel)
    {
        _ = channel.Writer.TryComplete();
        return channel;
    }
}
