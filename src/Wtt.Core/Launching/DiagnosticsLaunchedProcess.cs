// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <summary>
/// A process started through <see cref="Process"/>: the launcher off Linux, and on Linux for another
/// user. On Linux it also holds a pidfd (opened right after the start) for signals and tree kills.
/// </summary>
/// <remarks>
/// <para>
/// The runtime reports a process killed by signal N as exit code 128 + N; an exit code of 129-159 is
/// therefore read as a signal, which a process that exits with such a code by itself would be mistaken for.
/// </para>
/// <para>
/// The pidfd is lent to each signal and tree kill and closed once the process has exited (or the process is disposed)
/// and no loan is out: a number closed under a signal could name another process by the time the signal is sent.
/// </para>
/// </remarks>
internal sealed partial class DiagnosticsLaunchedProcess : ILaunchedProcess, IBatchedTreeKill, IOutputEnd
{
    private readonly Process _process;
    private readonly WttProcessId _id;
    private readonly ProcessLauncherOptions _options;
    private readonly int _pidfd;
    private readonly string? _cgroup;
    private readonly Channel<OutputChunk> _output = Channel.CreateUnbounded<OutputChunk>();
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private int _disposed;
    private int _pidfdUsers;
    private bool _exited;
    private bool _pidfdClosed;

    private DiagnosticsLaunchedProcess(Process process, WttProcessId id, ProcessLauncherOptions options, TimeProvider timeProvider, int pidfd, string? cgroup)
    {
        _process = process;
        _id = id;
        _options = options;
        _pidfd = pidfd;
        _cgroup = cgroup;
        Pid = process.Id;
        StartedAt = timeProvider.GetUtcNow();
        StartTime = OperatingSystem.IsLinux() && ProcStat.TryRead(Pid, out var stat) ? stat.StartTime : SafeStartTicks(process);
        Exited = WaitAsync(timeProvider);
    }

    /// <inheritdoc/>
    public int Pid { get; }

    /// <inheritdoc/>
    public long StartTime { get; }

    /// <inheritdoc/>
    public DateTimeOffset StartedAt { get; }

    /// <inheritdoc/>
    public Task<ProcessExit> Exited { get; }

    /// <inheritdoc/>
    public IAsyncEnumerable<OutputChunk> Output => _output.Reader.ReadAllAsync();

    /// <inheritdoc/>
    public Task OutputEnded => _outputEnded.Task;

    /// <inheritdoc/>
    public ValueTask<bool> SendSignalAsync(PosixSignal signal, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pidfd = BorrowPidfd();
        if (Exited.IsCompleted)
        {
            ReturnPidfd(pidfd);
            return ValueTask.FromResult(false);
        }

        if (pidfd >= 0)
        {
            try
            {
                return Syscalls.PidfdSendSignal(pidfd, SignalNumbers.ToLinux(signal)) == 0
                    ? ValueTask.FromResult(true)
                    : Marshal.GetLastPInvokeError() == LibC.ESRCH
                        ? ValueTask.FromResult(false)
                        : throw new WttException(WttErrorCode.AccessDenied, $"Sending {signal} to pid {Pid} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.", null, _id);
            }
            finally
            {
                ReturnPidfd(pidfd);
            }
        }

        if (_pidfd >= 0)
        {
            return ValueTask.FromResult(false); // the pidfd was closed: the process has exited
        }

        if ((int)signal == SignalNumbers.Kill)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed != 0, this);
                _process.Kill(entireProcessTree: false);
            }

            return ValueTask.FromResult(true);
        }

        throw new WttException(WttErrorCode.NotSupported, $"Only SIGKILL ((PosixSignal)9) can be sent on {RuntimeInformation.OSDescription}; use KillTreeAsync, or a Wtt event for a controlled stop.", null, _id);
    }

    /// <inheritdoc/>
    public ValueTask KillTreeAsync(CancellationToken cancellationToken = default) => KillTreeCoreAsync(null, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Off Linux the tree is killed at once: <see cref="Process.Kill(bool)"/> has no walk to hold apart from its signals.</remarks>
    public ValueTask KillTreeAsync(KillBatch batch, CancellationToken cancellationToken) => KillTreeCoreAsync(batch, cancellationToken);

    private async ValueTask KillTreeCoreAsync(KillBatch? batch, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsLinux())
        {
            // An exited process lends no pidfd: its tree is reached through its cgroup and the children lists.
            var pidfd = BorrowPidfd();
            try
            {
                await TreeKiller.KillAsync(new TreeKiller.Root(Pid, StartTime, pidfd, _cgroup, false, false, Exited), _options.KillTreeTimeout, batch, null, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ReturnPidfd(pidfd);
            }

            return;
        }

        // Under the gate, so a dispose cannot release the process between the check and the kill (the kill would then
        // fail as if the process had exited).
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited already
            }
        }
    }

    /// <summary>Lends the pidfd to a signal or a tree kill.</summary>
    /// <returns>The pidfd, or -1 once the process has exited (or when there is none); give it back with <see cref="ReturnPidfd"/>.</returns>
    /// <exception cref="ObjectDisposedException">The process was disposed.</exception>
    private int BorrowPidfd()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_pidfd < 0 || _exited || _pidfdClosed)
            {
                return -1;
            }

            _pidfdUsers++;
            return _pidfd;
        }
    }

    /// <summary>Gives a lent pidfd back; the last loan after the exit or the dispose closes it.</summary>
    private void ReturnPidfd(int pidfd)
    {
        if (pidfd < 0)
        {
            return;
        }

        lock (_gate)
        {
            _pidfdUsers--;
        }

        ReleasePidfd(exited: false);
    }

    /// <summary>Records the exit, if <paramref name="exited"/>, and closes the pidfd once the process has exited or was disposed and no loan is out.</summary>
    private void ReleasePidfd(bool exited)
    {
        lock (_gate)
        {
            _exited |= exited;
            if (_pidfd < 0 || _pidfdUsers != 0 || _pidfdClosed || (!_exited && _disposed == 0))
            {
                return;
            }

            _pidfdClosed = true;
        }

        Syscalls.CloseQuietly(_pidfd);
    }

    /// <summary>Gets a value indicating whether the pidfd is closed (for tests).</summary>
    internal bool IsPidfdClosed
    {
        get
        {
            lock (_gate)
            {
                return _pidfdClosed || _pidfd < 0;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        bool first;
        lock (_gate)
        {
            first = _disposed == 0;
            _disposed = 1;
        }

        if (first)
        {
            ReleasePidfd(exited: false);
            _process.Dispose();
            if (_cgroup is not null && Exited.IsCompleted)
            {
                _ = CgroupTree.TryRemove(_cgroup);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static long SafeStartTicks(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime().Ticks;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }
}
