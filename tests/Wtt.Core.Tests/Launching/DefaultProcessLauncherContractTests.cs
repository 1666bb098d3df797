// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Wtt.Core.Tests.Contracts;

namespace Wtt.Core.Tests.Launching;

/// <summary>The launcher contract, run against the platform's real launcher (<see cref="LinuxProcessLauncher"/> on Linux) with the launch probe as the process.</summary>
public sealed class DefaultProcessLauncherContractTests : ProcessLauncherContractTests
{
    protected override IProcessLauncher CreateLauncher(TimeProvider time) => DefaultProcessLauncher.Create(timeProvider: time);

    protected override ProcessStartSpec ExitSpec(int code) => LaunchProbe.Spec("exit", code.ToString(CultureInfo.InvariantCulture));

    protected override ProcessStartSpec EchoSpec(string text, string error) => LaunchProbe.Spec("print", text, "stderr", error);

    protected override ProcessStartSpec SleepSpec() => LaunchProbe.Spec("sleep", "-1");
}
