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
/// The runtime reports a process killed by signal N as exit code 128 + N; an exit code of 129-159 is
/// therefore read as a signal, which a process that exits with such a code by itself would be mistaken for.
/// </remarks>
internal sealed partial class DiagnosticsLaunchedProcess : ILaunchedProcess, IBatchedTreeKill
{
    private readonly Process _process;
    private readonly WttProcessId _id;
    private readonly ProcessLauncherOptions _options;
    private readonly int _pidfd;
    private readonly string? _cgroup;
    private readonly Channel<OutputChunk> _output = Channel.CreateUnbounded<OutputChunk>();
    private int _disposed;

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
    public ValueTask<bool> SendSignalAsync(PosixSignal signal, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Exited.IsCompleted)
        {
            return ValueTask.FromResult(false);
        }

        if (_pidfd >= 0)
        {
            return Syscalls.PidfdSendSignal(_pidfd, SignalNumbers.ToLinux(signal)) == 0
                ? ValueTask.FromResult(true)
                : Marshal.GetLastPInvokeError() == LibC.ESRCH
                    ? ValueTask.FromResult(false)
                    : throw new WttException(WttErrorCode.AccessDenied, $"Sending {signal} to pid {Pid} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.", null, _id);
        }

        if ((int)signal == SignalNumbers.Kill)
        {
            _process.Kill(entireProcessTree: false);
            return ValueTask.FromResult(true);
        }

        throw new WttException(WttErrorCode.NotSupported, $"Only SIGKILL ((PosixSignal)9) can be sent on {RuntimeInformation.OSDescription}; use KillTreeAsync, or a Wtt event for a controlled stop.", null, _id);
    }

    /// <inheritdoc/>
    public ValueTask KillTreeAsync(CancellationToken cancellationToken = default) => KillTreeCoreAsync(null, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Off Linux the tree is killed at once: <see cref="Process.Kill(bool)"/> has no walk to hold apart from its signals.</remarks>
    public ValueTask KillTreeAsync(KillBatch batch, CancellationToken cancellationToken) => KillTreeCoreAsync(batch, cancellationToken);

    private ValueTask KillTreeCoreAsync(KillBatch? batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (OperatingSystem.IsLinux())
        {
            return TreeKiller.KillAsync(new TreeKiller.Root(Pid, StartTime, _pidfd, _cgroup, false, false, Exited), _options.KillTreeTimeout, batch, cancellationToken);
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited already
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Syscalls.CloseQuietly(_pidfd);
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
