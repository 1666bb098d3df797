// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Reflection;
using Wtt.Integration.Tests.Lab;

namespace Wtt.Integration.Tests.Samples;

/// <summary>Runs a sample program as a person would (<c>dotnet run</c> without the build), and keeps its exit code and output.</summary>
internal sealed record SampleRun(int ExitCode, string Output)
{
    /// <summary>Runs the sample whose built dll the test assembly names under <paramref name="pathKey"/>; kills it after <paramref name="timeout"/>.</summary>
    public static async Task<SampleRun> RunAsync(string pathKey, TimeSpan timeout)
    {
        var dll = typeof(SampleRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == pathKey)?.Value
            ?? throw new InvalidOperationException($"The test assembly does not name {pathKey}; build it with 'dotnet build tests/Wtt.Integration.Tests'.");
        var info = new ProcessStartInfo(LabPaths.DotnetHost)
        {
            ArgumentList = { dll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{Path.GetFileName(dll)} did not end within {timeout}; its output:\n{await output}\n{await error}");
        }

        return new SampleRun(process.ExitCode, await output + await error);
    }

    /// <summary>Asserts the output has a line matching <paramref name="pattern"/> (a regular expression).</summary>
    public void HasLine(string pattern)
        => Assert.True(
            Output.Split('\n').Any(line => System.Text.RegularExpressions.Regex.IsMatch(line, pattern)),
            $"No line matches '{pattern}' in:\n{Output}");
}
