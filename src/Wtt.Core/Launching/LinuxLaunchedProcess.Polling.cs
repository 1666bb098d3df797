// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Launching.Native;

namespace Wtt.Core;

/// <content>What the poll thread does when the pidfd or a pipe is ready.</content>
internal sealed partial class LinuxLaunchedProcess
{
    /// <summary>Takes an observer's place once the exit is reported, so a later one is refused (it does nothing).</summary>
    private static readonly Action<ProcessExit> ExitReported = static _ => { };

    [ThreadStatic]
    private static byte[]? readBuffer;

    /// <inheritdoc/>
    public FdPoller.PollAction OnReady(int fd, short events) => fd == _pidfd ? OnExitReady() : OnPipeReady(fd);

    private FdPoller.PollAction OnExitReady()
    {
        var reaped = Syscalls.TryReap(_pidfd, out var code, out var status);
        if (reaped == 0)
        {
            return FdPoller.PollAction.Keep;
        }

        var at = _launcher.TimeProvider.GetUtcNow();
        var exit = reaped < 0
            ? new ProcessExit(-1, at) // reaped by someone else (a SIGCHLD handler that reaps all): the code is lost
            : code == 1
                ? new ProcessExit(status, at)
                : new ProcessExit(128 + status, at) { Signal = status };

        bool close;
        lock (_gate)
        {
            _reaped = true;
            close = _pidfdUsers == 0; // else the last tree kill that uses it closes it
            _pidfdClosed |= close;
        }

        OrphanReaper.UntrackRoot(Pid);

        // With a deferred placement the folder exists only if the process lived long enough to be moved. It is removed
        // on a pool thread right after the exit is reported, so this thread, which reports every process's exit, does
        // not wait on the cgroup tree's global lock that an rmdir takes (disposing the process removes it if that has
        // not run yet).
        var hasFolder = _placement is null ? _cgroup is not null : _placement.OnExit();
        if (hasFolder)
        {
            Volatile.Write(ref _folderState, FolderToRemove);
        }

        // An observer registered from here on is refused; one registered before runs now, before the waiters of Exited.
        // It must not throw; if it does, Exited still completes and this thread goes on.
        try
        {
            Interlocked.Exchange(ref _exitObserver, ExitReported)?.Invoke(exit);
        }
        catch (Exception)
        {
        }

        _ = _exited.TrySetResult(exit);

        // After the wake-ups: a folder that goes back to the pool does so on this thread (reading that it is empty takes
        // no global lock); one a tree kill still uses is left to the kill; one to remove is removed on the pool.
        if (hasFolder && !TryReturnFolder() && !LeaveFolderToKill())
        {
            ThreadPool.UnsafeQueueUserWorkItem(static process => process.RemoveFolder(), this, preferLocal: false);
        }

        return close ? FdPoller.PollAction.RemoveAndClose : FdPoller.PollAction.Remove;
    }

    /// <summary>Completes the output once every pipe is at its end (or the process is disposed): no chunk comes after.</summary>
    private void EndOutput()
    {
        _ = _output.Writer.TryComplete();
        _ = _outputEnded.TrySetResult();
    }

    /// <summary>Removes the process's cgroup folder once it has exited (or gives it back to the pool), or records that descendants keep it.</summary>
    private void RemoveFolder()
    {
        // One caller at a time: the exit, the pool thread queued at the exit, or the dispose.
        if (TryReturnFolder() || Interlocked.CompareExchange(ref _folderState, FolderRemoving, FolderToRemove) != FolderToRemove)
        {
            return;
        }

        if (CgroupTree.TryRemove(_cgroup!))
        {
            Volatile.Write(ref _folderState, FolderRemoved);
            OrphanReaper.UntrackCgroup(_cgroup!);
            return;
        }

        // Descendants keep it: a later dispose tries again, and the orphan reaper removes it once they are gone.
        Volatile.Write(ref _folderState, FolderToRemove);
        if (!_cgroupLeft)
        {
            _cgroupLeft = true;
            OrphanReaper.CgroupOutlivedRoot(_cgroup!);
        }
    }

    /// <summary>
    /// Gives the exited process's folder back to <see cref="CgroupFolderPool"/> when it is reusable, empty and no tree
    /// kill is using it (from then on, tree kills leave it alone); a folder the full pool does not take is removed on a
    /// pool thread.
    /// </summary>
    /// <param name="knownUnpopulated">A tree kill found no process in the folder or below after the tree died: only its sub-folders are checked.</param>
    /// <returns><see langword="true"/> when the folder went back (or is being removed); <see langword="false"/> when the caller removes it.</returns>
    private bool TryReturnFolder(bool knownUnpopulated = false)
    {
        if (!_reusableFolder || Interlocked.CompareExchange(ref _folderState, FolderRemoving, FolderToRemove) != FolderToRemove)
        {
            return false;
        }

        // The cheap check first, without the lock: a folder a tree kill uses, or wrote cgroup.kill to, is never read. The
        // check under the lock decides, so a kill that begins meanwhile keeps the folder too.
        var returned = false;
        if (NoKillUsesFolder && CgroupFolderPool.IsEmpty(_cgroup!, knownUnpopulated))
        {
            lock (_gate)
            {
                returned = NoKillUsesFolder;
                if (returned)
                {
                    _folderState = FolderReturned;
                }
            }
        }

        if (!returned)
        {
            Volatile.Write(ref _folderState, FolderToRemove);
            return false;
        }

        OrphanReaper.UntrackCgroup(_cgroup!);
        CgroupFolderPool.Return(_cgroup!);
        return true;
    }

    /// <summary>
    /// Leaves a reusable folder that tree kills use now, and that none wrote <c>cgroup.kill</c> to, to the last of them
    /// (<see cref="EndFolderUse"/>): a terminate's kill reads the folder right after the exit, and then gives it back,
    /// where removing it would take the cgroup tree's global lock and a new folder for the next process.
    /// </summary>
    /// <returns><see langword="true"/> when the last kill takes the folder over.</returns>
    private bool LeaveFolderToKill()
    {
        if (!_reusableFolder)
        {
            return false;
        }

        lock (_gate)
        {
            _folderLeftToKill = _cgroupKills > 0 && !_folderKilled && _folderState == FolderToRemove;
            return _folderLeftToKill;
        }
    }

    /// <summary>Gets whether no tree kill uses the folder now or has written <c>cgroup.kill</c> to it; exact under <see cref="_gate"/>.</summary>
    private bool NoKillUsesFolder => _cgroupKills == 0 && !_folderKilled;

    private unsafe FdPoller.PollAction OnPipeReady(int fd)
    {
        var size = _launcher.Options.OutputBufferSize;
        var buffer = readBuffer is { } b && b.Length >= size ? b : readBuffer = new byte[size];
        nint count;
        fixed (byte* p = buffer)
        {
            count = LibC.read(fd, p, size);
        }

        if (count < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is LibC.EINTR or LibC.EAGAIN)
        {
            return FdPoller.PollAction.Keep;
        }

        if (count <= 0)
        {
            if (Interlocked.Decrement(ref _openPipes) == 0)
            {
                EndOutput();
            }

            return FdPoller.PollAction.RemoveAndClose;
        }

        var isOut = fd == _stdoutFd;
        var offset = isOut ? _stdoutOffset : _stderrOffset;
        var data = buffer.AsSpan(0, (int)count).ToArray();
        _ = _output.Writer.TryWrite(new OutputChunk(_id, isOut ? OutputSource.StandardOutput : OutputSource.StandardError, offset, data));
        if (isOut)
        {
            _stdoutOffset += count;
        }
        else
        {
            _stderrOffset += count;
        }

        return FdPoller.PollAction.Keep;
    }
}
