// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.Contracts;

/// <summary>
/// What every <see cref="IProcessLauncher"/> does, fake or real: start, exit code, signals, kill tree, output.
/// A subclass says how to start a process that behaves as each test needs (the test helper's commands for
/// a real launcher, scripted fakes for the in-memory one).
/// </summary>
public abstract class ProcessLauncherContractTests
{
    private static readonly TimeSpan TestWait = TimeSpan.FromSeconds(20);

    protected FakeTimeProvider Time { get; } = new();

    /// <summary>Creates the launcher under test.</summary>
    protected abstract IProcessLauncher CreateLauncher(TimeProvider time);

    /// <summary>A process that exits with <paramref name="code"/> at once.</summary>
    protected abstract ProcessStartSpec ExitSpec(int code);

    /// <summary>A process that writes <paramref name="text"/> to standard output, <paramref name="error"/> to standard error, and exits with 0.</summary>
    protected abstract ProcessStartSpec EchoSpec(string text, string error);

    /// <summary>A process that runs until a signal ends it, with the default SIGTERM handling.</summary>
    protected abstract ProcessStartSpec SleepSpec();

    /// <summary>An executable that does not exist.</summary>
    protected virtual ProcessStartSpec MissingFileSpec() => new("/nonexistent/wtt-missing-executable");

    [Fact(Timeout = 20_000)]
    public async Task Start_ReturnsTheProcessWithPidAndStartTime()
    {
        await using var process = await StartAsync(SleepSpec());

        Assert.True(process.Pid > 0);
        Assert.NotEqual(0, process.StartTime);
        Assert.NotEqual(default, process.StartedAt);
        Assert.False(process.Exited.IsCompleted);
        await process.KillTreeAsync();
        await process.Exited.WaitAsync(TestWait);
    }

    [Theory(Timeout = 20_000)]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(255)]
    public async Task Exited_ReportsTheExitCode(int code)
    {
        await using var process = await StartAsync(ExitSpec(code));

        var exit = await process.Exited.WaitAsync(TestWait);

        Assert.Equal(code, exit.ExitCode);
        Assert.False(exit.WasSignaled);
    }

    [Fact(Timeout = 20_000)]
    public async Task Output_CapturesStandardOutputAndError()
    {
        await using var process = await StartAsync(EchoSpec("hello out", "hello err"));
        var chunks = new List<OutputChunk>();

        await foreach (var chunk in process.Output.WithCancellation(new CancellationTokenSource(TestWait).Token))
        {
            chunks.Add(chunk);
        }

        Assert.Contains("hello out", Text(chunks, OutputSource.StandardOutput), StringComparison.Ordinal);
        Assert.Contains("hello err", Text(chunks, OutputSource.StandardError), StringComparison.Ordinal);
        Assert.Equal(0, (await process.Exited.WaitAsync(TestWait)).ExitCode);
    }

    [Fact(Timeout = 20_000)]
    public async Task SendSignal_Term_EndsTheProcessBySignal()
    {
        await using var process = await StartAsync(SleepSpec());

        Assert.True(await process.SendSignalAsync(PosixSignal.SIGTERM));
        var exit = await process.Exited.WaitAsync(TestWait);

        Assert.Equal(15, exit.Signal);
        Assert.Equal(128 + 15, exit.ExitCode);
    }

    [Fact(Timeout = 20_000)]
    public async Task SendSignal_Kill_EndsTheProcessBySignal()
    {
        await using var process = await StartAsync(SleepSpec());

        Assert.True(await process.SendSignalAsync((PosixSignal)9));
        var exit = await process.Exited.WaitAsync(TestWait);

        Assert.Equal(9, exit.Signal);
        Assert.Equal(137, exit.ExitCode);
    }

    [Theory(Timeout = 20_000)]
    [InlineData(0)]
    [InlineData(65)]
    [InlineData(-11)]
    public async Task SendSignal_NotASignal_ThrowsInvalidArgument(int raw)
    {
        await using var process = await StartAsync(SleepSpec());

        await WttAssert.ThrowsAsync(WttErrorCode.InvalidArgument, async () => await process.SendSignalAsync((PosixSignal)raw));
        await process.KillTreeAsync();
        Assert.Equal(9, (await process.Exited.WaitAsync(TestWait)).Signal);
    }

    [Fact(Timeout = 20_000)]
    public async Task SendSignal_AfterExit_ReturnsFalse()
    {
        await using var process = await StartAsync(ExitSpec(0));
        await process.Exited.WaitAsync(TestWait);

        Assert.False(await process.SendSignalAsync(PosixSignal.SIGTERM));
    }

    [Fact(Timeout = 20_000)]
    public async Task KillTree_EndsTheProcessAsKilled()
    {
        await using var process = await StartAsync(SleepSpec());

        await process.KillTreeAsync();
        var exit = await process.Exited.WaitAsync(TestWait);

        Assert.Equal(9, exit.Signal);
        Assert.True(exit.WasSignaled);
    }

    [Fact(Timeout = 20_000)]
    public async Task KillTree_AfterExit_DoesNothing()
    {
        await using var process = await StartAsync(ExitSpec(4));
        await process.Exited.WaitAsync(TestWait);

        await process.KillTreeAsync();

        Assert.Equal(4, (await process.Exited).ExitCode);
    }

    [Fact(Timeout = 20_000)]
    public async Task Start_MissingExecutable_ThrowsFileNotFound()
    {
        var launcher = CreateLauncher(Time);
        await WttAssert.ThrowsAsync(WttErrorCode.FileNotFound, async () => await launcher.StartAsync(Request(MissingFileSpec())));
    }

    [Fact(Timeout = 20_000)]
    public async Task Start_MissingWorkingDirectory_ThrowsInvalidWorkingDirectory()
    {
        var launcher = CreateLauncher(Time);
        var spec = ExitSpec(0) with { WorkingDirectory = "/nonexistent/wtt-missing-directory" };
        await WttAssert.ThrowsAsync(WttErrorCode.InvalidWorkingDirectory, async () => await launcher.StartAsync(Request(spec)));
    }

    protected static ProcessLaunchRequest Request(ProcessStartSpec spec)
        => new(spec, WttProcessId.New(), WttProcessId.Nil, WttProcessId.Nil);

    private static string Text(IEnumerable<OutputChunk> chunks, OutputSource source)
        => Encoding.UTF8.GetString(chunks.Where(c => c.Source == source).SelectMany(c => c.Data.ToArray()).ToArray());

    private async Task<ILaunchedProcess> StartAsync(ProcessStartSpec spec)
        => await CreateLauncher(Time).StartAsync(Request(spec));
}
