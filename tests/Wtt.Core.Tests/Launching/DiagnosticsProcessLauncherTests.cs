// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text.Json;

namespace Wtt.Core.Tests.Launching;

/// <summary>The System.Diagnostics.Process fallback, run where the tests run.</summary>
public sealed class DiagnosticsProcessLauncherTests
{
    private readonly DiagnosticsProcessLauncher _launcher = new(new ProcessLauncherOptions(), TimeProvider.System);

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_ArgumentsEnvironmentAndOutput_Arrive()
    {
        string[] arguments = ["a b", "", "\"q\""];
        var spec = LaunchProbe.Spec(["print-env", "WTT_FALLBACK", "stderr", "err", "print-args", .. arguments]) with
        {
            Environment = new Dictionary<string, string?> { ["WTT_FALLBACK"] = "yes" },
        };
        await using var process = await _launcher.StartAsync(LaunchProbe.Request(spec));
        var output = new CapturedOutput(process);

        await output.Completion;

        Assert.Equal(0, (await process.Exited).ExitCode);
        var lines = output.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ENV WTT_FALLBACK=yes", lines[0]);
        Assert.Equal(arguments, JsonSerializer.Deserialize<string[]>(lines[1]));
        Assert.Equal("err\n", output.StandardError);
    }

    [Fact(Timeout = 30_000)]
    public async Task StartAsync_MissingFileOrFolder_Throws()
    {
        var missing = await Assert.ThrowsAsync<WttException>(async () => await _launcher.StartAsync(LaunchProbe.Request(new ProcessStartSpec("/nonexistent/wtt-probe"))));
        var folder = await Assert.ThrowsAsync<WttException>(async () => await _launcher.StartAsync(LaunchProbe.Request(LaunchProbe.Spec() with { WorkingDirectory = "/nonexistent/wtt" })));

        Assert.Equal(WttErrorCode.FileNotFound, missing.ErrorCode);
        Assert.Equal(WttErrorCode.InvalidWorkingDirectory, folder.ErrorCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task KillTreeAsync_RunningProcess_EndsIt()
    {
        await using var process = await _launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1"));
        await new CapturedOutput(process).ReadUntilAsync("READY");

        await process.KillTreeAsync();

        Assert.NotEqual(0, (await process.Exited).ExitCode);
        Assert.False(await process.SendSignalAsync((System.Runtime.InteropServices.PosixSignal)9));
    }

    [Fact]
    public void Create_OnLinux_PicksTheLinuxLauncher()
    {
        var launcher = DefaultProcessLauncher.Create(new ProcessLauncherOptions { UseCgroups = false });

        Assert.Equal(OperatingSystem.IsLinux(), launcher is LinuxProcessLauncher);
    }

    [Fact]
    public void Options_OutOfRange_AreRejected()
    {
        Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(() => new ProcessLauncherOptions { CgroupParentName = "a/b" }.Validate()).ErrorCode);
        Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(() => new ProcessLauncherOptions { KillTreeTimeout = TimeSpan.FromSeconds(-2) }.Validate()).ErrorCode);
        Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(() => new ProcessLauncherOptions { OutputBufferSize = 1 }.Validate()).ErrorCode);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task Exit_ClosesThePidfd_BeforeTheProcessIsDisposed_AndASignalThenReportsItEnded()
    {
        // The launcher of RunAs on Linux: a machine keeps ended processes until their rows are reclaimed, so the pidfd
        // closes at the exit, not at the dispose.
        var launcher = new DiagnosticsProcessLauncher(new ProcessLauncherOptions { UseCgroups = false }, TimeProvider.System);
        await using var process = (DiagnosticsLaunchedProcess)await launcher.StartAsync(LaunchProbe.Request("exit", "4"));

        Assert.Equal(4, (await process.Exited).ExitCode);

        Assert.True(process.IsPidfdClosed);
        Assert.False(await process.SendSignalAsync(System.Runtime.InteropServices.PosixSignal.SIGTERM));
        await process.KillTreeAsync();
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task Dispose_WhileRunning_ClosesThePidfd_AndLaterCallsThrowObjectDisposed()
    {
        var launcher = new DiagnosticsProcessLauncher(new ProcessLauncherOptions { UseCgroups = false }, TimeProvider.System);
        var process = (DiagnosticsLaunchedProcess)await launcher.StartAsync(LaunchProbe.Request("sleep", "-1"));
        using var running = System.Diagnostics.Process.GetProcessById(process.Pid);
        try
        {
            Assert.False(process.IsPidfdClosed);

            await process.DisposeAsync();

            Assert.True(process.IsPidfdClosed);
            await Assert.ThrowsAsync<ObjectDisposedException>(() => process.SendSignalAsync(System.Runtime.InteropServices.PosixSignal.SIGTERM).AsTask());
            await Assert.ThrowsAsync<ObjectDisposedException>(() => process.KillTreeAsync().AsTask());
        }
        finally
        {
            running.Kill();
        }
    }
}
