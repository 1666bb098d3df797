// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.Versioning;

namespace Wtt.Core.Tests.Launching;

/// <summary>A batch holds the signals of the trees walked while it is open, and sends them all when it fires.</summary>
[SupportedOSPlatform("linux")]
public sealed class KillBatchTests
{
    private static readonly TimeSpan TestWait = TimeSpan.FromSeconds(20);

    [Theory(Timeout = 30_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task KillTree_InAnOpenBatch_IsHeldUntilTheBatchFires_ThenEveryHeldTreeDies(bool diagnosticsLauncher)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var first = await StartSleeperAsync(diagnosticsLauncher);
        await using var second = await StartSleeperAsync(diagnosticsLauncher);
        var batch = new KillBatch();

        var killingFirst = ((IBatchedTreeKill)first).KillTreeAsync(batch, CancellationToken.None).AsTask();
        var killingSecond = ((IBatchedTreeKill)second).KillTreeAsync(batch, CancellationToken.None).AsTask();

        // Nothing was signalled yet: both walks wait in the batch.
        Assert.False(first.Exited.IsCompleted);
        Assert.False(second.Exited.IsCompleted);
        Assert.False(killingFirst.IsCompleted);

        batch.Fire();

        await Task.WhenAll(killingFirst, killingSecond).WaitAsync(TestWait);
        Assert.Equal(9, (await first.Exited).Signal);
        Assert.Equal(9, (await second.Exited).Signal);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task KillTree_AfterTheBatchFired_IsSignalledAtOnce()
    {
        await using var process = await StartSleeperAsync();
        var batch = new KillBatch();
        batch.Fire();

        await ((IBatchedTreeKill)process).KillTreeAsync(batch, CancellationToken.None).AsTask().WaitAsync(TestWait);

        Assert.Equal(9, (await process.Exited).Signal);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task KillTree_CancelledWhileHeld_IsDropped_AndTheBatchFiringLaterDoesNotSignalIt()
    {
        await using var process = await StartSleeperAsync();
        var batch = new KillBatch();
        using var cancel = new CancellationTokenSource();

        var killing = ((IBatchedTreeKill)process).KillTreeAsync(batch, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => killing.WaitAsync(TestWait));
        batch.Fire();

        // Still running: it takes a SIGTERM now and ends by it, not by the dropped SIGKILL.
        Assert.False(process.Exited.IsCompleted);
        Assert.True(await process.SendSignalAsync(System.Runtime.InteropServices.PosixSignal.SIGTERM));
        Assert.NotEqual(9, (await process.Exited.WaitAsync(TestWait)).Signal);
    }

    /// <summary>Starts the probe sleeping until killed, without a cgroup, through the Linux or the System.Diagnostics launcher.</summary>
    private static async Task<ILaunchedProcess> StartSleeperAsync(bool diagnosticsLauncher = false)
    {
        var options = new ProcessLauncherOptions { UseCgroups = false };
        IProcessLauncher launcher = diagnosticsLauncher ? new DiagnosticsProcessLauncher(options, TimeProvider.System) : new LinuxProcessLauncher(options);
        return await launcher.StartAsync(LaunchProbe.Request("sleep", "-1"));
    }
}
