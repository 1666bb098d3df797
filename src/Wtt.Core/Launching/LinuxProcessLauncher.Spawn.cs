// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>posix_spawn, the pipes, the pidfd and the cgroup of a new process.</content>
public sealed partial class LinuxProcessLauncher
{
    private unsafe LinuxLaunchedProcess Spawn(ProcessLaunchRequest request, string executable, List<KeyValuePair<string, string>> variables, string? workingDirectory)
    {
        var spec = request.Spec;
        var detached = spec.CreationFlags.HasFlag(ProcessCreationFlags.Detached);
        var newSession = detached || spec.CreationFlags.HasFlag(ProcessCreationFlags.NewSession);
        var newGroup = !newSession && spec.CreationFlags.HasFlag(ProcessCreationFlags.NewProcessGroup);

        int* outPipe = stackalloc int[2] { -1, -1 };
        int* errPipe = stackalloc int[2] { -1, -1 };
        var cgroup = (string?)null;
        var folderMade = false;
        var pooled = false;
        var movedWithoutChild = false;
        try
        {
            if (spec.CaptureOutput && (LibC.pipe2(outPipe, LibC.O_CLOEXEC) != 0 || LibC.pipe2(errPipe, LibC.O_CLOEXEC) != 0))
            {
                throw StartFailed(request, "pipe2", Marshal.GetLastPInvokeError());
            }

            var inherit = detached ? SpawnStdio.DevNull : SpawnStdio.Inherit;
            var stdio = new SpawnStdio(
                detached || Options.StandardInputFromNull ? SpawnStdio.DevNull : SpawnStdio.Inherit,
                spec.CaptureOutput ? outPipe[1] : inherit,
                spec.CaptureOutput ? errPipe[1] : inherit);

            var argv = new List<string>(spec.Arguments.Count + 1) { spec.FileName };
            argv.AddRange(spec.Arguments);

            // libwttspawn starts the process in its cgroup, so it needs no move; without it (or where the kernel refuses
            // clone3), posix_spawn starts it here and it is moved into its cgroup afterwards.
            // A scan of the orphan reaper reaps nothing until the new process is marked (see OrphanReaper.BeginStart).
            string? born;
            int pid, pidfd;
            (long Before, long After) clock;
            OrphanReaper.BeginStart();
            try
            {
                born = TrySpawnIntoCgroup(request, executable, argv, variables, workingDirectory, stdio, newSession, newGroup, out pid, out pidfd, out clock);
                if (born is null)
                {
                    // Without WaitForCgroupPlacement the folder is made (or an idle one of the pool taken) by the placement,
                    // off the start's path.
                    if (_cgroups is not null)
                    {
                        cgroup = CgroupFolderPool.Rent(_cgroups, request.Id.ToString(), out pooled);
                        if (Options.WaitForCgroupPlacement && !CgroupTree.TryCreateFolder(cgroup))
                        {
                            cgroup = null;
                        }

                        folderMade = Options.WaitForCgroupPlacement && cgroup is not null;
                    }

                    clock.Before = StartTicks.Now();
                    var rc = Launching.Native.Spawn.Start(executable, argv, variables, workingDirectory, stdio, newSession, newGroup, out pid);
                    clock.After = StartTicks.Now();
                    if (rc != 0)
                    {
                        throw SpawnError(request, executable, workingDirectory, rc);
                    }
                }

                OrphanReaper.TrackRoot(pid);
            }
            finally
            {
                OrphanReaper.EndStart();
            }

            if (born is not null)
            {
                cgroup = born.Length == 0 ? null : born;
                folderMade = cgroup is not null;
            }

            if (newGroup || newSession)
            {
                OrphanReaper.TrackGroup(pid);
            }

            if (born is null)
            {
                // The race window documented on TreeKiller: the child runs from here until it is in its cgroup.
                if (folderMade && !CgroupMover.MoveNow(cgroup!, pid))
                {
                    _ = CgroupTree.TryRemove(cgroup!);
                    cgroup = null;
                    folderMade = false;
                }

                movedWithoutChild = folderMade && TreeKiller.HasNoChildren(pid);

                pidfd = Syscalls.PidfdOpen(pid);
                if (pidfd < 0)
                {
                    // Cannot happen for our own unreaped child short of fd exhaustion; do not leave it running unwatched.
                    var errno = Marshal.GetLastPInvokeError();
                    _ = LibC.kill(pid, SignalNumbers.Kill);
                    throw StartFailed(request, "pidfd_open", errno);
                }
            }

            // The start time from the clock read around the start where it can be told so: a lookup under /proc/PID is
            // dropped again, at a cost, when the process is reaped (see StartTicks).
            if (!StartTicks.TryBetween(clock.Before, clock.After, out var startTime))
            {
                startTime = ProcStat.TryRead(pid, out var stat) ? stat.StartTime : 0;
            }

            Syscalls.CloseQuietly(outPipe[1]);
            Syscalls.CloseQuietly(errPipe[1]);
            outPipe[1] = errPipe[1] = -1;

            if (folderMade)
            {
                OrphanReaper.TrackCgroup(cgroup!);
            }

            var placement = cgroup is null || born is not null || Options.WaitForCgroupPlacement
                ? null
                : CgroupPlacement.Schedule(cgroup, pid, pidfd, Options.CgroupPlacementDelay, pooled: pooled);
            var process = new LinuxLaunchedProcess(this, request.Id, pid, pidfd, startTime, TimeProvider.GetUtcNow(), outPipe[0], errPipe[0], cgroup, placement, newGroup || newSession, newSession, reusableFolder: true, cgroupHoldsTree: born is { Length: > 0 } || movedWithoutChild);
            outPipe[0] = errPipe[0] = -1;
            cgroup = null;
            folderMade = false;
            process.Watch();
            return process;
        }
        finally
        {
            for (var i = 0; i < 2; i++)
            {
                Syscalls.CloseQuietly(outPipe[i]);
                Syscalls.CloseQuietly(errPipe[i]);
            }

            if (folderMade)
            {
                _ = CgroupTree.TryRemove(cgroup!);
            }
            else if (pooled && cgroup is not null)
            {
                // An idle folder taken for a start that failed held no process: it goes back.
                CgroupFolderPool.Return(cgroup);
            }
        }
    }

    /// <summary>
    /// Starts the process with libwttspawn (<see cref="Launching.Native.Spawn.TryStartNative"/>), in a cgroup of its own
    /// when this launcher makes them, and reads the boot clock just before and after the start into
    /// <paramref name="clock"/> (for <see cref="StartTicks"/>).
    /// </summary>
    /// <returns>
    /// The cgroup folder the process started in, made here (empty when it has none), or <see langword="null"/> when
    /// nothing was started and the caller starts it with posix_spawn: libwttspawn is missing or turned off, or the
    /// kernel refused clone3 or the cgroup folder.
    /// </returns>
    /// <exception cref="WttException">The child could not exec (it has exited and been reaped).</exception>
    private string? TrySpawnIntoCgroup(ProcessLaunchRequest request, string executable, List<string> argv, List<KeyValuePair<string, string>> variables, string? workingDirectory, in SpawnStdio stdio, bool newSession, bool newGroup, out int pid, out int pidfd, out (long Before, long After) clock)
    {
        pid = pidfd = -1;
        clock = (-1, -1);
        if (!Options.UseNativeSpawn || !Launching.Native.Spawn.NativeAvailable || (_cgroups is not null && !Launching.Native.Spawn.CanStartInto(_cgroups.Parent)))
        {
            return null;
        }

        var group = _cgroups is null ? null : CgroupFolderPool.Rent(_cgroups, request.Id.ToString(), out _);
        clock.Before = StartTicks.Now();
        var rc = Launching.Native.Spawn.TryStartNative(executable, argv, variables, workingDirectory, stdio, newSession, newGroup, group, out pid, out pidfd, out var failed);
        clock.After = StartTicks.Now();
        if (rc == 0)
        {
            return group ?? string.Empty;
        }

        // Nothing runs in the folder (it may come from the pool, or have been made here): it is removed if it is there.
        if (group is not null)
        {
            _ = CgroupTree.TryRemove(group);
        }

        return failed == Launching.Native.Spawn.NativeStep.Child ? throw SpawnError(request, executable, workingDirectory, rc) : null;
    }

    private static WttException SpawnError(ProcessLaunchRequest request, string executable, string? workingDirectory, int errno) => errno switch
    {
        LibC.ENOENT or LibC.ENOTDIR when workingDirectory is not null && !Directory.Exists(workingDirectory)
            => new(WttErrorCode.InvalidWorkingDirectory, $"The working directory '{workingDirectory}' vanished before '{executable}' started; create it or pass another.", null, request.Id),
        LibC.ENOENT => new(WttErrorCode.FileNotFound, $"'{executable}' or its interpreter (the #! line) or loader was not found: {Marshal.GetPInvokeErrorMessage(errno)}.", null, request.Id),
        LibC.EACCES or 1 => new(WttErrorCode.AccessDenied, $"Starting '{executable}' was denied: {Marshal.GetPInvokeErrorMessage(errno)}; check its permissions and those of its folders and working directory.", null, request.Id),
        LibC.ENOEXEC => new(WttErrorCode.StartFailed, $"'{executable}' is not in an executable format (and has no #! line): {Marshal.GetPInvokeErrorMessage(errno)}.", null, request.Id),
        _ => StartFailed(request, $"posix_spawn of '{executable}'", errno),
    };

    private static WttException StartFailed(ProcessLaunchRequest request, string what, int errno)
        => new(WttErrorCode.StartFailed, $"{what} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", null, request.Id);
}
