// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core.Launching.Native;

/// <content>The libc posix_spawn functions.</content>
internal static unsafe partial class Spawn
{
    private const string Lib = "libc";

    [LibraryImport(Lib)]
    private static partial int posix_spawn(int* pid, byte* path, byte* fileActions, byte* attr, byte** argv, byte** envp);

    [LibraryImport(Lib)]
    private static partial int posix_spawnattr_init(byte* attr);

    [LibraryImport(Lib)]
    private static partial int posix_spawnattr_destroy(byte* attr);

    [LibraryImport(Lib)]
    private static partial int posix_spawnattr_setflags(byte* attr, short flags);

    [LibraryImport(Lib)]
    private static partial int posix_spawnattr_setpgroup(byte* attr, int pgroup);

    [LibraryImport(Lib)]
    private static partial int posix_spawnattr_setsigdefault(byte* attr, byte* sigset);

    [LibraryImport(Lib)]
    private static partial int posix_spawnattr_setsigmask(byte* attr, byte* sigset);

    [LibraryImport(Lib)]
    private static partial int posix_spawn_file_actions_init(byte* actions);

    [LibraryImport(Lib)]
    private static partial int posix_spawn_file_actions_destroy(byte* actions);

    [LibraryImport(Lib)]
    private static partial int posix_spawn_file_actions_adddup2(byte* actions, int fd, int newFd);

    [LibraryImport(Lib)]
    private static partial int posix_spawn_file_actions_addopen(byte* actions, int fd, byte* path, int flags, uint mode);

    [LibraryImport(Lib)]
    private static partial int posix_spawn_file_actions_addchdir_np(byte* actions, byte* path);

    [LibraryImport(Lib)]
    private static partial int sigfillset(byte* set);

    [LibraryImport(Lib)]
    private static partial int sigemptyset(byte* set);
}
