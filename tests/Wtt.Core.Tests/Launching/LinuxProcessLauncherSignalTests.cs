// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Wtt.Core.Tests.Launching;

[SupportedOSPlatform("linux")]
public sealed class LinuxProcessLauncherSignalTests
{
    private static readonly PosixSignal SigKill = (PosixSignal)9;

    [LinuxFact(Timeout = 30_000)]
    public async Task SendSignalAsync_SigTerm_EndsTheProcess()
    {
        var launcher = new LinuxProcessLauncher();
        await using var process = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1"));
        await new CapturedOutput(process).ReadUntilAsync("READY");

        Assert.True(await process.SendSignalAsync(PosixSignal.SIGTERM));

        var exit = await process.Exited;
        Assert.Equal(143, exit.ExitCode); // the runtime exits with 128 + SIGTERM, or the signal ends it
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task SendSignalAsync_ProcessIgnoringSigTerm_SurvivesItAndSigKillEndsIt()
    {
        var launcher = new LinuxProcessLauncher();
        await using var process = await launcher.StartAsync(LaunchProbe.Request("ignore-sigterm", "ready", "sleep", "-1"));
        var output = new CapturedOutput(process);
        await output.ReadUntilAsync("READY");

        Assert.True(await process.SendSignalAsync(PosixSignal.SIGTERM));
        Assert.Equal("SIGTERM ignored", await output.NextLineAsync());
        Assert.False(process.Exited.IsCompleted);
        Assert.True(await process.SendSignalAsync(SigKill));

        var exit = await process.Exited;
        Assert.Equal(9, exit.Signal);
        Assert.Equal(137, exit.ExitCode);
        Assert.True(exit.WasSignaled);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task SendSignalAsync_ProcessExited_ReturnsFalse()
    {
        var launcher = new LinuxProcessLauncher();
        await using var process = await launcher.StartAsync(LaunchProbe.Request("exit", "0"));
        await process.Exited;

        Assert.False(await process.SendSignalAsync(PosixSignal.SIGTERM));
        Assert.False(await process.SendSignalAsync(SigKill));
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task Exited_AfterExit_NoZombieRemains()
    {
        var launcher = new LinuxProcessLauncher();
        var processes = new List<ILaunchedProcess>();
        for (var i = 0; i < 5; i++)
        {
            processes.Add(await launcher.StartAsync(LaunchProbe.Request(new ProcessStartSpec("/bin/true") { CaptureOutput = i % 2 == 0 })));
        }

        foreach (var process in processes)
        {
            await process.Exited;

            // Exited completes after the reap: the pid is gone from /proc (or already someone else's).
            Assert.False(ProcFacts.Exists(process.Pid, process.StartTime));
            await process.DisposeAsync();
        }
    }
}
