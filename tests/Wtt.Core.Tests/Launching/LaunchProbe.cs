// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.Launching;

/// <summary>Finds tests/Wtt.LaunchProbe, the program the launcher tests start.</summary>
internal static class LaunchProbe
{
    private static readonly Lazy<string> ProbePath = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => ProbePath.Value;

    public static ProcessStartSpec Spec(params string[] arguments) => new(Path) { Arguments = arguments };

    public static ProcessLaunchRequest Request(ProcessStartSpec spec) => new(spec, WttProcessId.New(), WttProcessId.Nil, WttProcessId.Nil);

    public static ProcessLaunchRequest Request(params string[] arguments) => Request(Spec(arguments));

    private static string Locate()
    {
        // The project reference copies the probe next to this test assembly; tests never build it themselves.
        var exe = System.IO.Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Wtt.LaunchProbe.exe" : "Wtt.LaunchProbe");
        return File.Exists(exe) ? exe : throw new InvalidOperationException($"The launch probe is not at {exe}; build tests/Wtt.Core.Tests, which references tests/Wtt.LaunchProbe.");
    }
}
