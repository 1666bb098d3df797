// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Integration.Tests.Samples;

/// <summary>The samples a newcomer runs first, run as they are run by hand: each must end with 0 and say what it did.</summary>
public sealed class SampleProgramTests
{
    private static readonly TimeSpan SampleTimeout = TimeSpan.FromMinutes(2);

    [Fact(Timeout = 150_000)]
    public async Task LabSample_InitialisesEveryProcess_ShowsTheTable_AndStopsEachCleanly()
    {
        var run = await SampleRun.RunAsync("WttLabSamplePath", SampleTimeout);

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}:\n{run.Output}");
        run.HasLine(@"^all initialised: Satisfied");
        foreach (var (role, machine) in new[] { ("server", "lab-a"), ("peer", "lab-b"), ("monitor", "lab") })
        {
            run.HasLine($@"^created {role} +on {machine} ");
            run.HasLine($@"^\[{machine}\] {role} initialised$");
            run.HasLine($@"^{machine} +[0-9a-f-]{{36}} .* (Initialized|Running) ");
            run.HasLine($@"^{role} +on {machine} +ended: StoppedCleanly, status Exited, exit code 0$");
        }

        run.HasLine(@"^MACHINE +UUID +PARENT +GROUP +STATUS +HEARTBEAT AGE");
    }

    [Fact(Timeout = 150_000)]
    public async Task ChildSample_HandlesAnEventSentBeforeItsHandler_BeatsAndStopsCleanly()
    {
        var run = await SampleRun.RunAsync("WttChildSamplePath", SampleTimeout);

        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}:\n{run.Output}");
        run.HasLine(@"^caller: child initialised: Satisfied$");
        run.HasLine(@"^log: child greeted by the caller$");
        run.HasLine(@"^caller: thread 'main' is waiting for work, tick \d+$");
        run.HasLine(@"^log: child shutdown received$");
        run.HasLine(@"^log: child cleaned up, exiting with 0$");
        run.HasLine(@"^caller: child ended: StoppedCleanly, status Exited, exit code 0$");
    }
}
