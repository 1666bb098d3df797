// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using System.Runtime.Versioning;

namespace Wtt.Core.Tests.Launching;

[SupportedOSPlatform("linux")]
public sealed class LinuxProcessLauncherTreeTests
{
    public static TheoryData<bool, bool, ProcessCreationFlags> Modes => new()
    {
        { true, false, ProcessCreationFlags.None },
        { true, true, ProcessCreationFlags.None },
        { true, false, ProcessCreationFlags.NewSession },
        { false, false, ProcessCreationFlags.NewProcessGroup },
        { false, false, ProcessCreationFlags.NewSession },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Modes))]
    public async Task KillTreeAsync_ThreeLevelsWithOrphanedGrandchildren_NoDescendantSurvives(bool useCgroups, bool waitForPlacement, ProcessCreationFlags flags)
    {
        if (!OperatingSystem.IsLinux() || (useCgroups && !ProcFacts.IsRoot))
        {
            return;
        }

        var launcher = new LinuxProcessLauncher(new ProcessLauncherOptions { UseCgroups = useCgroups, WaitForCgroupPlacement = waitForPlacement });
        Assert.Equal(useCgroups, launcher.UsesCgroups);

        // Top -> 2 children -> each a middle process that starts a grandchild and exits (the grandchild is orphaned).
        var spec = LaunchProbe.Spec("print-pid", "spawn", "2", "print-pid", "spawn", "1", "--orphan", "print-pid", "ready", "sleep", "-1") with { CreationFlags = flags };
        await using var top = await launcher.StartAsync(LaunchProbe.Request(spec));
        try
        {
            var output = new CapturedOutput(top);
            var pids = (await output.ReadUntilAsync("READY")).Select(l => int.Parse(l["PID ".Length..], CultureInfo.InvariantCulture)).ToList();

            Assert.Equal(5, pids.Count); // top, 2 children, 2 orphaned grandchildren
            var descendants = pids.Where(p => p != top.Pid).Select(p => (Pid: p, ProcFacts.Stat(p).StartTime)).ToList();
            var orphans = descendants.Where(d => ProcFacts.Stat(d.Pid).ParentPid == Environment.ProcessId).ToList();
            Assert.Equal(2, orphans.Count); // re-parented to us, the child subreaper

            await top.KillTreeAsync();

            Assert.Equal(9, (await top.Exited).Signal);
            Assert.All(descendants, d => Assert.False(ProcFacts.Exists(d.Pid, d.StartTime), $"pid {d.Pid} survived (or is an unreaped zombie)"));
        }
        finally
        {
            await top.KillTreeAsync();
        }
    }

    /// <summary>
    /// A process started with posix_spawn and moved into its cgroup, whose child is forked before the move (the move a
    /// second after the start, or at the kill if sooner: the child is in the launcher's own cgroup, where cgroup.kill does
    /// not reach, and only the walk from its parent finds it) or after it (the move before the start returns: the child is
    /// in the cgroup, which the kill reads once the parent died).
    /// </summary>
    [Theory(Timeout = 60_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task KillTreeAsync_MovedIntoItsCgroup_ItsChildDies_ForkedBeforeOrAfterTheMove(bool moveBeforeTheStartReturns)
    {
        if (!OperatingSystem.IsLinux() || !ProcFacts.IsRoot)
        {
            return;
        }

        var launcher = new LinuxProcessLauncher(new ProcessLauncherOptions { UseNativeSpawn = false, WaitForCgroupPlacement = moveBeforeTheStartReturns, CgroupPlacementDelay = TimeSpan.FromSeconds(1) });
        Assert.True(launcher.UsesCgroups);
        await using var top = await launcher.StartAsync(LaunchProbe.Request("print-pid", "spawn", "1", "print-pid", "ready", "sleep", "-1"));
        try
        {
            var pids = (await new CapturedOutput(top).ReadUntilAsync("READY")).Select(l => int.Parse(l["PID ".Length..], CultureInfo.InvariantCulture)).ToList();
            var child = pids.Where(p => p != top.Pid).Select(p => (Pid: p, ProcFacts.Stat(p).StartTime)).Single();

            await top.KillTreeAsync();

            Assert.Equal(9, (await top.Exited).Signal);
            Assert.False(ProcFacts.Exists(child.Pid, child.StartTime), $"the child {child.Pid} survived");
        }
        finally
        {
            await top.KillTreeAsync();
        }
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task KillTreeAsync_ProcessExited_DoesNothingAndDoesNotThrow()
    {
        var launcher = new LinuxProcessLauncher();
        await using var process = await launcher.StartAsync(LaunchProbe.Request("exit", "0"));
        await process.Exited;

        await process.KillTreeAsync();

        Assert.Equal(0, (await process.Exited).ExitCode);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task Exit_ClosesThePidfd_BeforeTheProcessIsDisposed()
    {
        // A machine keeps an ended process until its row is reclaimed: its pidfd must not stay open that long.
        var launcher = new LinuxProcessLauncher(new ProcessLauncherOptions { UseCgroups = false });
        await using var process = (LinuxLaunchedProcess)await launcher.StartAsync(LaunchProbe.Request("exit", "3"));
        Assert.False(process.IsPidfdClosed);

        Assert.Equal(3, (await process.Exited).ExitCode);
        await Core.Launching.Native.FdPoller.Shared.FlushAsync();

        Assert.True(process.IsPidfdClosed);
        await process.KillTreeAsync();
        Assert.False(await process.SendSignalAsync(System.Runtime.InteropServices.PosixSignal.SIGTERM));
    }

    [Fact(Timeout = 60_000)]
    public async Task KillTreeAsync_AfterTheTopExitedAndItsPidfdClosed_KillsWhatItLeftInItsCgroup()
    {
        if (!OperatingSystem.IsLinux() || !ProcFacts.IsRoot)
        {
            return;
        }

        // The top starts a grandchild that sleeps, and exits: the grandchild is left in the top's cgroup.
        var launcher = new LinuxProcessLauncher(new ProcessLauncherOptions { UseCgroups = true, WaitForCgroupPlacement = true });
        Assert.True(launcher.UsesCgroups);
        await using var top = (LinuxLaunchedProcess)await launcher.StartAsync(LaunchProbe.Request("orphan", "print-pid", "ready", "sleep", "-1"));
        var output = new CapturedOutput(top);
        var pid = int.Parse((await output.ReadUntilAsync("READY")).Single()["PID ".Length..], CultureInfo.InvariantCulture);
        var left = (Pid: pid, ProcFacts.Stat(pid).StartTime);
        try
        {
            Assert.Equal(0, (await top.Exited).ExitCode);
            await Core.Launching.Native.FdPoller.Shared.FlushAsync();
            Assert.True(top.IsPidfdClosed);
            Assert.True(ProcFacts.Exists(left.Pid, left.StartTime));

            await top.KillTreeAsync();

            Assert.False(ProcFacts.Exists(left.Pid, left.StartTime), $"pid {left.Pid} survived (or is an unreaped zombie)");
        }
        finally
        {
            if (ProcFacts.Exists(left.Pid, left.StartTime))
            {
                _ = Wtt.Core.Launching.Native.LibC.kill(left.Pid, 9);
            }
        }
    }
}
