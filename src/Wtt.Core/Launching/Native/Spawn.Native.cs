// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core.Launching.Native;

/// <content>
/// libwttspawn (wttspawn.c beside this file): clone3 with <c>CLONE_INTO_CGROUP</c> and <c>CLONE_PIDFD</c>, so a process
/// starts in its cgroup and comes with its pidfd.
/// </content>
internal static unsafe partial class Spawn
{
    /// <summary>What failed when <see cref="TryStartNative"/> returns an errno (wttspawn.c's WTT_FAILED_*).</summary>
    internal enum NativeStep
    {
        /// <summary>Nothing failed.</summary>
        None = 0,

        /// <summary>Making or opening the cgroup folder; nothing was started.</summary>
        Cgroup = 1,

        /// <summary>clone3 itself; nothing was started.</summary>
        Clone = 2,

        /// <summary>The child, before or in execve; it has exited and been reaped.</summary>
        Child = 3,
    }

    /// <summary>Gets whether libwttspawn was found and has its entry point (built for Linux x64; see Wtt.Core.csproj).</summary>
    internal static bool NativeAvailable => s_native is not null && Volatile.Read(ref s_nativeRefused) == 0;

    private static readonly delegate* unmanaged<NativeRequest*, int*, int*, int*, int> s_native = (delegate* unmanaged<NativeRequest*, int*, int*, int*, int>)LoadNative("wtt_spawn");

    private static readonly delegate* unmanaged<byte*, int> s_probe = (delegate* unmanaged<byte*, int>)LoadNative("wtt_probe");

    /// <summary>Per cgroup parent: 1 when a child started into a new folder of it lives, 2 when the kernel kills it.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> s_startsInParent = new(StringComparer.Ordinal);

    /// <summary>1 once clone3 was refused for good (an old kernel, or a seccomp filter): posix_spawn from then on.</summary>
    private static int s_nativeRefused;

    /// <summary>
    /// Starts <paramref name="path"/> with libwttspawn, in the cgroup folder <paramref name="cgroup"/> (made if need be)
    /// when one is given; returns 0 with the pid and its pidfd (close-on-exec), or the errno and the step that failed.
    /// </summary>
    /// <param name="path">The absolute path of the executable.</param>
    /// <param name="argv">argv, argv[0] included.</param>
    /// <param name="environment">The environment's variables.</param>
    /// <param name="workingDirectory">The working directory, or <see langword="null"/>.</param>
    /// <param name="stdio">What fds 0, 1 and 2 become.</param>
    /// <param name="newSession">Start a new session (which is also a new process group).</param>
    /// <param name="newProcessGroup">Start a new process group.</param>
    /// <param name="cgroup">The cgroup v2 folder to start in, or <see langword="null"/>.</param>
    /// <param name="pid">The new pid.</param>
    /// <param name="pidfd">Its pidfd.</param>
    /// <param name="failed">What failed.</param>
    /// <returns>0, or the errno.</returns>
    internal static int TryStartNative(string path, IReadOnlyList<string> argv, IReadOnlyList<KeyValuePair<string, string>> environment, string? workingDirectory, in SpawnStdio stdio, bool newSession, bool newProcessGroup, string? cgroup, out int pid, out int pidfd, out NativeStep failed)
    {
        using var strings = new NativeStrings();
        var request = new NativeRequest
        {
            Path = strings.Add(path),
            Argv = strings.AddArray(argv),
            Envp = strings.AddEnvironment(environment),
            WorkingDirectory = workingDirectory is null ? null : strings.Add(workingDirectory),
            Input = stdio.Input,
            Output = stdio.Output,
            Error = stdio.Error,
            NewSession = newSession ? 1 : 0,
            NewGroup = newProcessGroup ? 1 : 0,
            Cgroup = cgroup is null ? null : strings.Add(cgroup),
        };

        int newPid, newPidfd, step;
        var rc = s_native(&request, &newPid, &newPidfd, &step);
        pid = newPid;
        pidfd = newPidfd;
        failed = (NativeStep)step;
        if (failed == NativeStep.Clone && rc is LibC.ENOSYS or LibC.EPERM or LibC.E2BIG or LibC.EINVAL)
        {
            // The kernel or a filter refuses clone3 (or its flags): it will refuse every later call too.
            Volatile.Write(ref s_nativeRefused, 1);
        }

        return rc;
    }

    /// <summary>
    /// Tells whether a child started into a new folder of <paramref name="parent"/> lives: checked once per parent, with
    /// a child that exits at once. Some kernels (6.18 seen) kill a child started with <c>CLONE_INTO_CGROUP</c> at once
    /// when its cgroup's <c>cgroup.kill</c> count differs from that of its parent's cgroup, so this fails where the
    /// caller runs in a cgroup that was once killed (and <see cref="CgroupFolderPool"/> keeps no folder that was).
    /// </summary>
    /// <param name="parent">The launcher's cgroup parent folder.</param>
    /// <returns><see langword="true"/> when processes can be started into its folders.</returns>
    internal static bool CanStartInto(string parent)
    {
        if (s_startsInParent.TryGetValue(parent, out var known))
        {
            return known == 1;
        }

        var folder = Path.Combine(parent, "probe-" + Guid.NewGuid().ToString("N"));
        int result;
        using (var strings = new NativeStrings())
        {
            result = s_probe is null ? -LibC.ENOSYS : s_probe(strings.Add(folder));
        }

        _ = CgroupTree.TryRemove(folder);

        // Only a definite answer is kept: the child lived, or the kernel killed it. An error (no descriptor or memory
        // left, the child reaped by someone else) says nothing: this start uses posix_spawn and a later one asks again.
        return result switch
        {
            0 => s_startsInParent.GetOrAdd(parent, 1) == 1,
            SignalNumbers.Kill => s_startsInParent.GetOrAdd(parent, 2) == 1,
            _ => false,
        };
    }

    private static void* LoadNative(string name)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64
            || !NativeLibrary.TryLoad("wttspawn", typeof(Spawn).Assembly, DllImportSearchPath.AssemblyDirectory, out var library)
            || !NativeLibrary.TryGetExport(library, name, out var entry))
        {
            return null;
        }

        return (void*)entry;
    }

    /// <summary>wttspawn.c's <c>wtt_spawn_request</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct NativeRequest
    {
        public byte* Path;
        public byte** Argv;
        public byte** Envp;
        public byte* WorkingDirectory;
        public int Input;
        public int Output;
        public int Error;
        public int NewSession;
        public int NewGroup;
        public byte* Cgroup;
    }
}
