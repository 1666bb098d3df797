// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;

namespace Wtt.Launching;

/// <summary>Finds (building it once if needed) tests/Wtt.LaunchProbe, the program the launcher tests start.</summary>
internal static class LaunchProbe
{
    private static readonly Lazy<string> ProbePath = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => ProbePath.Value;

    public static ProcessStartSpec Spec(params string[] arguments) => new(Path) { Arguments = arguments };

    public static ProcessLaunchRequest Request(ProcessStartSpec spec) => new(spec, WttProcessId.New(), WttProcessId.Nil, WttProcessId.Nil);

    public static ProcessLaunchRequest Request(params string[] arguments) => Request(Spec(arguments));

    private static string Locate()
    {
        var baseDir = AppContext.BaseDirectory;
        var configuration = baseDir.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = new DirectoryInfo(baseDir);
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "Wtt.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"Wtt.sln not found above {baseDir}.");
        }

        var project = System.IO.Path.Combine(root.FullName, "tests", "Wtt.LaunchProbe");
        var exe = System.IO.Path.Combine(project, "bin", configuration, "net10.0", OperatingSystem.IsWindows() ? "Wtt.LaunchProbe.exe" : "Wtt.LaunchProbe");
        if (!File.Exists(exe))
        {
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", configuration, "--nologo", "-v", "q"]) { UseShellExecute = false })!;
            build.WaitForExit();
        }

        return File.Exists(exe) ? exe : throw new InvalidOperationException($"The launch probe was not built at {exe}; run 'dotnet build tests/Wtt.LaunchProbe'.");
    }
}
