// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.Versioning;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.Launching;

[SupportedOSPlatform("linux")]
public sealed class LinuxProcessLauncherStartTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_ProbeExitsWithCode_ExitedReportsIt()
    {
        var launcher = new LinuxProcessLauncher(timeProvider: _time);
        await using var process = await launcher.StartAsync(LaunchProbe.Request("exit", "7"));

        var exit = await process.Exited;

        Assert.True(process.Pid > 0);
        Assert.Equal(7, exit.ExitCode);
        Assert.Null(exit.Signal);
        Assert.Equal(_time.GetUtcNow(), exit.ExitedAt);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task TryObserveExit_BeforeTheExit_RunsBeforeExitedCompletes_AndIsRefusedAfter()
    {
        var launcher = new LinuxProcessLauncher(timeProvider: _time);
        await using var process = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1"));
        await new CapturedOutput(process).ReadUntilAsync("READY");
        var observed = new TaskCompletionSource<(ProcessExit Exit, bool ExitedComplete)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var observable = Assert.IsAssignableFrom<IExitObservable>(process);

        Assert.True(observable.TryObserveExit(exit => observed.TrySetResult((exit, process.Exited.IsCompleted))));
        Assert.False(observable.TryObserveExit(_ => { }));
        await process.KillTreeAsync();
        var exit = await process.Exited;

        var (seen, exitedComplete) = await observed.Task;
        Assert.Equal(exit, seen);
        Assert.Equal(137, seen.ExitCode);
        Assert.False(exitedComplete);
        Assert.False(observable.TryObserveExit(_ => { }));
    }

    [LinuxFact(Timeout = 60_000)]
    public async Task StartAsync_ManyStartsEachWay_EveryStartTimeMatchesProc()
    {
        // The start time is told from the boot clock read around the start when it can be (StartTicks), else read from
        // /proc: both ways of starting, many times, so both ways of telling it are checked against the kernel's.
        foreach (var native in new[] { true, false })
        {
            var launcher = new LinuxProcessLauncher(new ProcessLauncherOptions { UseNativeSpawn = native }, timeProvider: _time);
            for (var i = 0; i < 25; i++)
            {
                await using var process = await launcher.StartAsync(LaunchProbe.Request(new ProcessStartSpec("/bin/sleep") { Arguments = ["30"], CaptureOutput = false }));

                Assert.Equal(ProcFacts.Stat(process.Pid).StartTime, process.StartTime);
                await process.KillTreeAsync();
                await process.Exited;
            }
        }
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_RunningProcess_IdentityMatchesProc()
    {
        var launcher = new LinuxProcessLauncher(timeProvider: _time);
        await using var process = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1"));
        var output = new CapturedOutput(process);
        await output.ReadUntilAsync("READY");

        var stat = ProcFacts.Stat(process.Pid);

        Assert.Equal(stat.StartTime, process.StartTime);
        Assert.Equal(_time.GetUtcNow(), process.StartedAt);
        await process.KillTreeAsync();
        await process.Exited;
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_ArgumentsWithSpacesQuotesAndEmpty_ArriveIntact()
    {
        string[] arguments = ["a b", "\"quoted\"", "'single'", "", "back\\slash", "$HOME", "*", "ünïcødé", "  ", "x=y;z"];
        var launcher = new LinuxProcessLauncher();
        await using var process = await launcher.StartAsync(LaunchProbe.Request(["print-args", .. arguments]));
        var output = new CapturedOutput(process);

        var json = await output.NextLineAsync();

        Assert.Equal(arguments, JsonSerializer.Deserialize<string[]>(json));
        Assert.Equal(0, (await process.Exited).ExitCode);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_Environment_AddsRemovesAndSetsWttVariables()
    {
        Environment.SetEnvironmentVariable("WTT_LAUNCH_TEST_REMOVED", "present");
        Environment.SetEnvironmentVariable("WTT_LAUNCH_TEST_KEPT", "kept");
        var id = WttProcessId.New();
        var spec = LaunchProbe.Spec("print-env", "WTT_LAUNCH_TEST_ADDED", "print-env", "WTT_LAUNCH_TEST_REMOVED", "print-env", "WTT_LAUNCH_TEST_KEPT", "print-env", WttEnvironment.ProcessId) with
        {
            Environment = new Dictionary<string, string?> { ["WTT_LAUNCH_TEST_ADDED"] = "hello world", ["WTT_LAUNCH_TEST_REMOVED"] = null },
        };
        var request = new ProcessLaunchRequest(spec, id, WttProcessId.Nil, WttProcessId.Nil)
        {
            WttVariables = new Dictionary<string, string> { [WttEnvironment.ProcessId] = id.ToString() },
        };
        var lines = await LinesOfAsync(request);
        Assert.Equal(
            ["ENV WTT_LAUNCH_TEST_ADDED=hello world", "ENV WTT_LAUNCH_TEST_REMOVED unset", "ENV WTT_LAUNCH_TEST_KEPT=kept", $"ENV {WttEnvironment.ProcessId}={id}"],
            lines);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_Environment_NamesAreCaseSensitive_WttVariablesWin_AndValuesKeepTheirCharacters()
    {
        Environment.SetEnvironmentVariable("WTT_LAUNCH_TEST_CASE", "upper");
        var id = WttProcessId.New();
        var spec = LaunchProbe.Spec("print-env", "WTT_LAUNCH_TEST_CASE", "print-env", "wtt_launch_test_case", "print-env", "WTT_LAUNCH_TEST_TEXT", "print-env", WttEnvironment.ProcessId) with
        {
            // The spec's own comparer ignores case; Linux does not: "wtt_launch_test_case" is another variable.
            Environment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["wtt_launch_test_case"] = "lower",
                ["WTT_LAUNCH_TEST_TEXT"] = "é ✓ 日本 = x",
                [WttEnvironment.ProcessId] = "the spec's",
            },
        };
        var request = new ProcessLaunchRequest(spec, id, WttProcessId.Nil, WttProcessId.Nil)
        {
            WttVariables = new Dictionary<string, string> { [WttEnvironment.ProcessId] = id.ToString() },
        };

        var variables = EnvironmentBlock.Build(request);
        Assert.Equal(variables.Count, variables.Select(v => v.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(id.ToString(), EnvironmentBlock.Find(variables, WttEnvironment.ProcessId));

        var lines = await LinesOfAsync(request);
        Assert.Equal(
            ["ENV WTT_LAUNCH_TEST_CASE=upper", "ENV wtt_launch_test_case=lower", "ENV WTT_LAUNCH_TEST_TEXT=é ✓ 日本 = x", $"ENV {WttEnvironment.ProcessId}={id}"],
            lines);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_WorkingDirectory_IsTheChildsCurrentDirectory()
    {
        var folder = Directory.CreateTempSubdirectory("wtt-launch-cwd-").FullName;
        try
        {
            var launcher = new LinuxProcessLauncher();
            await using var process = await launcher.StartAsync(LaunchProbe.Request(LaunchProbe.Spec("print-cwd") with { WorkingDirectory = folder }));
            var output = new CapturedOutput(process);

            Assert.Equal($"CWD {folder}", await output.NextLineAsync());
            await process.Exited;
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_CreationFlags_SetSessionAndProcessGroup()
    {
        var launcher = new LinuxProcessLauncher();
        var self = ProcFacts.Self;

        var session = await StartReadyAsync(launcher, ProcessCreationFlags.NewSession);
        var group = await StartReadyAsync(launcher, ProcessCreationFlags.NewProcessGroup);
        var none = await StartReadyAsync(launcher, ProcessCreationFlags.None);

        Assert.Equal((session.Pid, session.Pid), (ProcFacts.Stat(session.Pid).Session, ProcFacts.Stat(session.Pid).ProcessGroup));
        Assert.Equal((self.Session, group.Pid), (ProcFacts.Stat(group.Pid).Session, ProcFacts.Stat(group.Pid).ProcessGroup));
        Assert.Equal((self.Session, self.ProcessGroup), (ProcFacts.Stat(none.Pid).Session, ProcFacts.Stat(none.Pid).ProcessGroup));
        foreach (var process in new[] { session, group, none })
        {
            await process.KillTreeAsync();
            Assert.Equal(9, (await process.Exited).Signal);
            await process.DisposeAsync();
        }
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_Detached_StandardStreamsAreDevNullAndSessionIsNew()
    {
        var launcher = new LinuxProcessLauncher();
        var spec = LaunchProbe.Spec("sleep", "-1") with { CreationFlags = ProcessCreationFlags.Detached, CaptureOutput = false };
        await using var process = await launcher.StartAsync(LaunchProbe.Request(spec));

        var streams = Enumerable.Range(0, 3).Select(fd => new FileInfo($"/proc/{process.Pid}/fd/{fd}").LinkTarget).ToArray();

        Assert.Equal(new string?[] { "/dev/null", "/dev/null", "/dev/null" }, streams.AsEnumerable());
        Assert.Equal(process.Pid, ProcFacts.Stat(process.Pid).Session);
        await process.KillTreeAsync();
        await process.Exited;
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task DisposeAsync_RunningProcess_DoesNotKillItAndItIsStillReaped()
    {
        var launcher = new LinuxProcessLauncher();
        var process = await launcher.StartAsync(LaunchProbe.Request("ready", "sleep", "-1"));
        var output = new CapturedOutput(process);
        await output.ReadUntilAsync("READY");

        await process.DisposeAsync();

        Assert.True(ProcFacts.Exists(process.Pid, process.StartTime));
        Assert.False(process.Exited.IsCompleted);
        System.Diagnostics.Process.GetProcessById(process.Pid).Kill();
        Assert.Equal(9, (await process.Exited).Signal);
        Assert.False(ProcFacts.Exists(process.Pid, process.StartTime));
    }

    /// <summary>Starts a request's process and returns the lines of its standard output once it exited.</summary>
    private static async Task<string[]> LinesOfAsync(ProcessLaunchRequest request)
    {
        await using var process = await new LinuxProcessLauncher().StartAsync(request);
        var output = new CapturedOutput(process);
        await process.Exited;
        await output.Completion;
        return output.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task<ILaunchedProcess> StartReadyAsync(LinuxProcessLauncher launcher, ProcessCreationFlags flags)
    {
        var process = await launcher.StartAsync(LaunchProbe.Request(LaunchProbe.Spec("ready", "sleep", "-1") with { CreationFlags = flags }));
        await new CapturedOutput(process).ReadUntilAsync("READY");
        return process;
    }
}
