// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Tests.Contracts;

namespace Wtt.Core.Tests.InMemory;

/// <summary>Runs the launcher contract on fakes scripted like the test helper's commands.</summary>
public sealed class InMemoryProcessLauncherContractTests : ProcessLauncherContractTests
{
    private const string Helper = "wtt-test-helper";

    protected override IProcessLauncher CreateLauncher(TimeProvider time)
    {
        var launcher = new InMemoryProcessLauncher(time) { FileExists = f => f == Helper };
        launcher.ProcessStarted += (_, p) => Script(p);
        return launcher;
    }

    protected override ProcessStartSpec ExitSpec(int code) => new(Helper) { Arguments = ["exit", code.ToString(System.Globalization.CultureInfo.InvariantCulture)] };

    protected override ProcessStartSpec EchoSpec(string text, string error) => new(Helper) { Arguments = ["echo", text, error] };

    protected override ProcessStartSpec SleepSpec() => new(Helper) { Arguments = ["sleep"] };

    private static void Script(InMemoryProcess process)
    {
        var args = process.Request.Spec.Arguments;
        switch (args[0])
        {
            case "exit":
                process.Exit(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "echo":
                process.WriteOutput(args[1] + "\n");
                process.WriteError(args[2] + "\n");
                process.Exit(0);
                break;
        }
    }
}
