// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core.Launching.Native;

/// <summary>
/// posix_spawn with file actions and attributes, as the .NET runtime's System.Native does on Apple
/// platforms (pal_process.c): glibc implements it with <c>clone(CLONE_VM | CLONE_VFORK)</c>, so no
/// managed code ever runs in a forked child, and exec errors come back as the return value.
/// </summary>
internal static unsafe partial class Spawn
{
    private const short SetProcessGroup = 0x02;  // POSIX_SPAWN_SETPGROUP
    private const short SetSignalDefault = 0x04; // POSIX_SPAWN_SETSIGDEF
    private const short SetSignalMask = 0x08;    // POSIX_SPAWN_SETSIGMASK
    private const short SetSession = 0x80;       // POSIX_SPAWN_SETSID (glibc)

    // glibc x64: posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t 128; room to spare.
    private const int AttrSize = 1024;
    private const int ActionsSize = 512;
    private const int SigSetSize = 256;

    /// <summary>Starts <paramref name="path"/>; returns 0 and the pid, or the errno.</summary>
    /// <param name="path">The absolute path of the executable.</param>
    /// <param name="argv">argv, argv[0] included.</param>
    /// <param name="environment">The environment's variables.</param>
    /// <param name="workingDirectory">The working directory, or <see langword="null"/>.</param>
    /// <param name="stdio">What fds 0, 1 and 2 become.</param>
    /// <param name="newSession">Start a new session (which is also a new process group).</param>
    /// <param name="newProcessGroup">Start a new process group.</param>
    /// <param name="pid">The new pid.</param>
    /// <returns>0, or the errno.</returns>
    internal static int Start(string path, IReadOnlyList<string> argv, IReadOnlyList<KeyValuePair<string, string>> environment, string? workingDirectory, in SpawnStdio stdio, bool newSession, bool newProcessGroup, out int pid)
    {
        pid = -1;
        using var strings = new NativeStrings();
        var pathPtr = strings.Add(path);
        var argvPtr = strings.AddArray(argv);
        var envpPtr = strings.AddEnvironment(environment);
        var cwdPtr = workingDirectory is null ? null : strings.Add(workingDirectory);
        var devNull = strings.Add("/dev/null");

        var attr = (byte*)NativeMemory.AllocZeroed(AttrSize);
        var actions = (byte*)NativeMemory.AllocZeroed(ActionsSize);
        var sigs = (byte*)NativeMemory.AllocZeroed(SigSetSize);
        var attrReady = false;
        var actionsReady = false;
        try
        {
            int rc;
            if ((rc = posix_spawnattr_init(attr)) != 0)
            {
                return rc;
            }

            attrReady = true;
            if ((rc = posix_spawn_file_actions_init(actions)) != 0)
            {
                return rc;
            }

            actionsReady = true;

            // Every signal back to its default disposition (SIG_IGN survives exec otherwise, and the
            // runtime ignores SIGPIPE), and an empty mask.
            var flags = (short)(SetSignalDefault | SetSignalMask);
            if (newSession)
            {
                flags |= SetSession;
            }
            else if (newProcessGroup)
            {
                flags |= SetProcessGroup;
            }

            _ = sigfillset(sigs);
            if ((rc = posix_spawnattr_setsigdefault(attr, sigs)) != 0)
            {
                return rc;
            }

            _ = sigemptyset(sigs);
            if ((rc = posix_spawnattr_setsigmask(attr, sigs)) != 0
                || (rc = posix_spawnattr_setpgroup(attr, 0)) != 0
                || (rc = posix_spawnattr_setflags(attr, flags)) != 0)
            {
                return rc;
            }

            if ((rc = AddStdio(actions, 0, stdio.Input, LibC.O_RDONLY, devNull)) != 0
                || (rc = AddStdio(actions, 1, stdio.Output, LibC.O_WRONLY, devNull)) != 0
                || (rc = AddStdio(actions, 2, stdio.Error, LibC.O_WRONLY, devNull)) != 0)
            {
                return rc;
            }

            if (cwdPtr is not null && (rc = posix_spawn_file_actions_addchdir_np(actions, cwdPtr)) != 0)
            {
                return rc;
            }

            int newPid;
            rc = posix_spawn(&newPid, pathPtr, actions, attr, argvPtr, envpPtr);
            if (rc == 0)
            {
                pid = newPid;
            }

            return rc;
        }
        finally
        {
            if (actionsReady)
            {
                _ = posix_spawn_file_actions_destroy(actions);
            }

            if (attrReady)
            {
                _ = posix_spawnattr_destroy(attr);
            }

            NativeMemory.Free(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(sigs);
        }
    }

    private static int AddStdio(byte* actions, int target, int source, int openFlags, byte* devNull) => source switch
    {
        SpawnStdio.Inherit => 0,
        SpawnStdio.DevNull => posix_spawn_file_actions_addopen(actions, target, devNull, openFlags, 0),
        _ => posix_spawn_file_actions_adddup2(actions, source, target),
    };
}
