// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Wtt.Core.Launching.Native;

namespace Wtt.Core.Tests.Launching;

/// <summary>
/// libwttspawn: processes start in their cgroup (clone3's CLONE_INTO_CGROUP), the folders of exited processes go back to
/// <see cref="CgroupFolderPool"/> for the next starts (those moved into their folder after a <c>posix_spawn</c> too), and
/// a folder a tree kill wrote <c>cgroup.kill</c> to never does.
/// </summary>
/// <remarks>The pool is the process's: these tests run alone, so no other test takes or returns a folder meanwhile.</remarks>
[SupportedOSPlatform("linux")]
[Collection(NativeSpawnCollection.Name)]
public sealed class NativeSpawnTests
{
    [LinuxFact]
    public void Library_IsBuiltAndLoaded_OnLinuxX64()
    {
        // Wtt.Core.csproj builds it with gcc, which CI has: the native start must be what CI tests.
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64 && Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.True(Spawn.NativeAvailable, "libwttspawn.so was not built or not found beside Wtt.Core.dll; is gcc installed?");
        }
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task StartAsync_ProcessIsInItsCgroupWhenStartReturns_WithoutWaitingForAPlacement()
    {
        var launcher = new LinuxProcessLauncher(new ProcessLauncherOptions { WaitForCgroupPlacement = false, CgroupPlacementDelay = TimeSpan.FromSeconds(1) });
        Assert.True(launcher.UsesCgroups);
        if (!Spawn.NativeAvailable)
        {
            return; // Library_IsBuiltAndLoaded_OnLinuxX64 fails where that matters
        }

        await using var process = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1"));
        var folder = CgroupOf(process.Pid);

        Assert.StartsWith("/sys/fs/cgroup", folder, StringComparison.Ordinal);
        Assert.Equal([process.Pid], CgroupTree.Members(folder));
        await process.KillTreeAsync();
        Assert.Equal(9, (await process.Exited).Signal);
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task Exit_FolderGoesBackToThePool_AndTheNextStartTakesAnIdleFolder()
    {
        if (NativeCgroupLauncher() is not { } launcher)
        {
            return; // Library_IsBuiltAndLoaded_OnLinuxX64 fails where that matters
        }
        var parent = Path.GetDirectoryName(await FolderOfAStartAsync(launcher))!;

        await using (var first = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1")))
        {
            var folder = CgroupOf(first.Pid);
            await first.SendSignalAsync(PosixSignal.SIGTERM);
            await first.Exited;
            await FdPoller.Shared.FlushAsync(); // the exit's thread returns the folder after it reported the exit

            Assert.True(Directory.Exists(folder));
            Assert.True(CgroupFolderPool.IsEmpty(folder));
            Assert.Contains(folder, CgroupFolderPool.IdleFolders(parent));
        }

        var idle = CgroupFolderPool.IdleFolders(parent);
        await using var second = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1"));
        Assert.Contains(CgroupOf(second.Pid), idle);
        Assert.Equal([second.Pid], CgroupTree.Members(CgroupOf(second.Pid)));
        await second.KillTreeAsync();
        await second.Exited;
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task KillTree_ThatFoundOnlyTheTree_FolderGoesBackToThePool_AndTheNextStartLives()
    {
        if (NativeCgroupLauncher() is not { } launcher)
        {
            return; // Library_IsBuiltAndLoaded_OnLinuxX64 fails where that matters
        }

        // The kill signals the root through its pidfd and only reads the folder: nothing was written to cgroup.kill.
        string folder;
        await using (var killed = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1")))
        {
            folder = CgroupOf(killed.Pid);
            await killed.KillTreeAsync();
            Assert.Equal(9, (await killed.Exited).Signal);
            await FdPoller.Shared.FlushAsync(); // the exit's thread, or the kill's end, gives the folder back

            Assert.Contains(folder, CgroupFolderPool.IdleFolders(Path.GetDirectoryName(folder)!));
        }

        // The next start takes that folder (the pool's last in), and lives there until it is told to go.
        await using var next = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1"));
        _ = await new CapturedOutput(next).ReadUntilAsync("READY");
        Assert.Equal(folder, CgroupOf(next.Pid));
        Assert.True(await next.SendSignalAsync(PosixSignal.SIGTERM));
        _ = await next.Exited;
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task KillTree_ThatWroteCgroupKill_FolderIsRemoved_NeverReused()
    {
        if (NativeCgroupLauncher() is not { } launcher)
        {
            return; // Library_IsBuiltAndLoaded_OnLinuxX64 fails where that matters
        }

        // The root exits and leaves an orphan in its folder: the kill reaches the orphan through cgroup.kill.
        string folder;
        await using (var top = await launcher.StartAsync(LaunchProbe.Request("orphan", "print-pid", "ready", "sleep", "-1")))
        {
            folder = CgroupOf(top.Pid);
            var output = new CapturedOutput(top);
            _ = await output.ReadUntilAsync("READY");
            Assert.Equal(0, (await top.Exited).ExitCode);
            await FdPoller.Shared.FlushAsync();

            await top.KillTreeAsync();
            Assert.Empty(CgroupTree.Members(folder));
        }

        // Some kernels kill every child started into a folder that cgroup.kill was written to.
        await FdPoller.Shared.FlushAsync();
        Assert.DoesNotContain(folder, CgroupFolderPool.IdleFolders(Path.GetDirectoryName(folder)!));
        await using var next = await launcher.StartAsync(LaunchProbe.Request("exit", "0"));
        Assert.Equal(0, (await next.Exited).ExitCode);
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task PosixSpawn_Exit_FolderGoesBackToThePool_AndTheNextStartIsMovedIntoIt()
    {
        // Started with posix_spawn and moved into its folder before the start returns.
        if (PosixMovedLauncher() is not { } launcher)
        {
            return;
        }

        var folder = await FolderOfAStartAsync(launcher);
        Assert.Contains(folder, CgroupFolderPool.IdleFolders(Path.GetDirectoryName(folder)!));

        await using var next = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1"));
        Assert.Equal(folder, CgroupOf(next.Pid));
        Assert.Equal([next.Pid], CgroupTree.Members(folder));
        await next.KillTreeAsync();
        await next.Exited;
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task PosixSpawn_ExitBeforeTheMove_IdleFolderGoesBackUnused()
    {
        if (PosixMovedLauncher() is not { } now)
        {
            return;
        }

        var folder = await FolderOfAStartAsync(now);
        var parent = Path.GetDirectoryName(folder)!;
        Assert.Contains(folder, CgroupFolderPool.IdleFolders(parent));

        // The move would come a second after the start: the process takes the idle folder and exits before (were it moved,
        // its folder would go back on its exit all the same).
        var later = new LinuxProcessLauncher(new ProcessLauncherOptions { UseNativeSpawn = false, CgroupPlacementDelay = TimeSpan.FromSeconds(1) });
        await using (var quick = await later.StartAsync(LaunchProbe.Request(new ProcessStartSpec("/bin/true") { CaptureOutput = false })))
        {
            Assert.DoesNotContain(folder, CgroupFolderPool.IdleFolders(parent));
            Assert.Equal(0, (await quick.Exited).ExitCode);
            await FdPoller.Shared.FlushAsync();
        }

        Assert.Contains(folder, CgroupFolderPool.IdleFolders(parent));
        Assert.True(CgroupFolderPool.IsEmpty(folder));
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task DescendantsOutliveTheRoot_FolderStaysTheirs_NotReturned()
    {
        if (NativeCgroupLauncher() is not { } launcher)
        {
            return; // Library_IsBuiltAndLoaded_OnLinuxX64 fails where that matters
        }

        await using var top = await launcher.StartAsync(LaunchProbe.Request("orphan", "print-pid", "ready", "sleep", "-1"));
        var folder = CgroupOf(top.Pid);
        var output = new CapturedOutput(top);
        var orphan = int.Parse((await output.ReadUntilAsync("READY")).Single()["PID ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Assert.Equal(0, (await top.Exited).ExitCode);
            await FdPoller.Shared.FlushAsync();

            Assert.DoesNotContain(folder, CgroupFolderPool.IdleFolders(Path.GetDirectoryName(folder)!));
            Assert.Equal([orphan], CgroupTree.Members(folder));
        }
        finally
        {
            await top.KillTreeAsync();
        }

        Assert.Empty(CgroupTree.Members(folder));
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task Exit_FolderWithASubFolder_IsNotReturned()
    {
        if (NativeCgroupLauncher() is not { } launcher)
        {
            return; // Library_IsBuiltAndLoaded_OnLinuxX64 fails where that matters
        }

        // A process may make cgroups below its own (and turn controllers on there): its folder is not handed on.
        string folder;
        await using (var process = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1")))
        {
            folder = CgroupOf(process.Pid);
            _ = Directory.CreateDirectory(Path.Combine(folder, "below"));
            await process.SendSignalAsync(PosixSignal.SIGTERM);
            await process.Exited;
            await FdPoller.Shared.FlushAsync();

            Assert.False(CgroupFolderPool.IsEmpty(folder));
            Assert.DoesNotContain(folder, CgroupFolderPool.IdleFolders(Path.GetDirectoryName(folder)!));
        }

        _ = CgroupTree.TryRemove(Path.Combine(folder, "below"));
        _ = CgroupTree.TryRemove(folder);
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task Sweep_RemovesEmptyFoldersOlderThanTheSweepAge_AndKeepsNewerOnes()
    {
        var launcher = new LinuxProcessLauncher();
        if (!launcher.UsesCgroups)
        {
            return;
        }

        // A folder a process that died kept idle, and one made just now (as a posix_spawn start makes before its move).
        var parent = Path.GetDirectoryName(await FolderOfAStartAsync(launcher))!;
        var old = Directory.CreateDirectory(Path.Combine(parent, "sweep-old-" + Guid.NewGuid().ToString("N"))).FullName;
        var fresh = Directory.CreateDirectory(Path.Combine(parent, "sweep-new-" + Guid.NewGuid().ToString("N"))).FullName;
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow - CgroupFolderPool.SweepAge - TimeSpan.FromMinutes(1));
        try
        {
            CgroupFolderPool.Sweep(parent);

            Assert.False(Directory.Exists(old));
            Assert.True(Directory.Exists(fresh));
        }
        finally
        {
            _ = CgroupTree.TryRemove(old);
            _ = CgroupTree.TryRemove(fresh);
        }
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_InterpreterMissing_ReportsFileNotFound()
    {
        var launcher = new LinuxProcessLauncher();
        var missing = Path.Combine(Path.GetTempPath(), "wtt-missing-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(missing, "#!/nonexistent/interpreter\n");
        File.SetUnixFileMode(missing, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var error = await Assert.ThrowsAsync<WttException>(async () => await launcher.StartAsync(LaunchProbe.Request(new ProcessStartSpec(missing))));
            Assert.Equal(WttErrorCode.FileNotFound, error.ErrorCode);
        }
        finally
        {
            File.Delete(missing);
        }
    }

    /// <summary>A default launcher, when it starts processes into their cgroups (as root, with libwttspawn loaded).</summary>
    private static LinuxProcessLauncher? NativeCgroupLauncher()
    {
        var launcher = new LinuxProcessLauncher();
        return launcher.UsesCgroups && Spawn.NativeAvailable ? launcher : null;
    }

    /// <summary>A launcher that starts with posix_spawn and moves the process into its cgroup before the start returns (as root).</summary>
    private static LinuxProcessLauncher? PosixMovedLauncher()
    {
        var launcher = new LinuxProcessLauncher(new ProcessLauncherOptions { UseNativeSpawn = false, WaitForCgroupPlacement = true });
        return launcher.UsesCgroups ? launcher : null;
    }

    private static async Task<string> FolderOfAStartAsync(LinuxProcessLauncher launcher)
    {
        await using var process = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1"));
        var folder = CgroupOf(process.Pid);
        await process.SendSignalAsync(PosixSignal.SIGTERM);
        await process.Exited;
        await FdPoller.Shared.FlushAsync();
        return folder;
    }

    /// <summary>The cgroup v2 folder of a process, from its <c>0::</c> line.</summary>
    private static string CgroupOf(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/cgroup").Single(l => l.StartsWith("0::", StringComparison.Ordinal));
        var mount = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified";
        return mount + line[3..];
    }
}

/// <summary>Runs <see cref="NativeSpawnTests"/> alone: they watch the process-wide folder pool.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeSpawnCollection
{
    public const string Name = "Native spawn (the process's cgroup folder pool)";
}
