// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;

namespace Wtt.TestHelper.Spawning;

/// <summary>Starts another instance of the helper, through the apphost or through <c>dotnet</c>.</summary>
internal static class SelfLauncher
{
    /// <summary>Starts the helper with <paramref name="args"/>; stdin and stderr are inherited.</summary>
    /// <param name="args">The helper's arguments.</param>
    /// <param name="redirectOutput">Whether standard output is a pipe to this process (else inherited).</param>
    /// <returns>The started process.</returns>
    public static Process Start(IEnumerable<string> args, bool redirectOutput)
    {
        var host = Environment.ProcessPath
            ?? throw new InvalidOperationException("The helper cannot find its own executable to start a child.");
        var info = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardOutput = redirectOutput,
        };

        // Run as 'dotnet Wtt.TestHelper.dll ...' when this process was started that way.
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(SelfLauncher).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)
            ?? throw new InvalidOperationException($"The helper could not start '{host}'.");
    }
}
