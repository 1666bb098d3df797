// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using System.Runtime.Versioning;
using Wtt.Core.Launching.Native;

namespace Wtt.Core.Tests.Launching;

[SupportedOSPlatform("linux")]
public sealed class OrphanReaperTests
{
    /// <summary>The orphan's tree (told by its cgroup, or by its process group) and the scan that reaps it: the one SIGCHLD schedules (null), or one made at once of this process's children (false) or of the whole machine (true).</summary>
    public static TheoryData<bool, ProcessCreationFlags, bool?> Modes => new()
    {
        { true, ProcessCreationFlags.None, null },
        { true, ProcessCreationFlags.None, false },
        { true, ProcessCreationFlags.None, true },
        { false, ProcessCreationFlags.NewProcessGroup, null },
        { false, ProcessCreationFlags.NewProcessGroup, false },
        { false, ProcessCreationFlags.NewProcessGroup, true },
    };

    [LinuxFact(Timeout = 30_000)]
    public async Task ReadChildren_ListsAProcessStartedHere_AndNotAnother()
    {
        using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
        try
        {
            var children = OrphanReaper.ReadChildren();

            Assert.Contains(child.Id, children);
            Assert.DoesNotContain(Environment.ProcessId, children);
            Assert.DoesNotContain(1, children);
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync();
        }
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Modes))]
    public async Task OrphanExitingByItself_IsReapedByTheNextScan(bool useCgroups, ProcessCreationFlags flags, bool? wholeMachine)
    {
        if (!OperatingSystem.IsLinux() || (useCgroups && !ProcFacts.IsRoot))
        {
            return;
        }

        // The orphan is told apart by its cgroup, so the top must be in its cgroup before it forks: a deferred move
        // (the default) can come after the fork when the machine is loaded, and then the orphan, in the launcher's own
        // cgroup, is not a tree's and is rightly never reaped (see TreeKiller's remarks on that window).
        var launcher = new LinuxProcessLauncher(new ProcessLauncherOptions { UseCgroups = useCgroups, WaitForCgroupPlacement = useCgroups });
        // The orphan sleeps until the test ends it (not a tree kill: a signal of its own, as an exit of its own would be),
        // so a loaded machine cannot let it end, and a scan reap it, before the test has read it.
        var spec = LaunchProbe.Spec("spawn", "1", "--orphan", "print-pid", "ready", "sleep", "-1") with { CreationFlags = flags };
        await using var top = await launcher.StartAsync(LaunchProbe.Request(spec));
        try
        {
            var lines = await new CapturedOutput(top).ReadUntilAsync("READY");
            Assert.True(lines.Count == 1, string.Join(" | ", lines));
            var orphan = int.Parse(lines[0]["PID ".Length..], CultureInfo.InvariantCulture);
            var pidfd = Syscalls.PidfdOpen(orphan);
            Assert.True(pidfd >= 0);
            long startTime;
            try
            {
                startTime = ProcFacts.Stat(orphan).StartTime;
                Assert.Equal(Environment.ProcessId, ProcFacts.Stat(orphan).ParentPid);
                Assert.Equal(0, Syscalls.PidfdSendSignal(pidfd, SignalNumbers.Kill));
                await PidfdWaiter.Watch(pidfd).Exited;
            }
            finally
            {
                FdPoller.Shared.Release(pidfd);
            }

            // Ended outside a tree kill: a zombie of ours until the reaper's scan, which SIGCHLD schedules a second later (or made now).
            if (wholeMachine is { } whole)
            {
                OrphanReaper.Scan(whole);
                Assert.False(ProcFacts.Exists(orphan, startTime), $"the orphan {orphan} is still there");
            }

            while (ProcFacts.Exists(orphan, startTime))
            {
                await OrphanReaper.NextScan.WaitAsync(TimeSpan.FromSeconds(20));
            }

            Assert.False(top.Exited.IsCompleted);
        }
        finally
        {
            await top.KillTreeAsync();
        }
    }
}
