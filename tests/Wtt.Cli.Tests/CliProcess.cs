// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Reflection;

namespace Wtt.Cli.Tests;

/// <summary>What a run of the wtt tool printed and returned.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Gets standard error's lines.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <inheritdoc/>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs the built wtt tool (<c>dotnet wtt.dll …</c>) as a child process, with an environment of the test's own.</summary>
internal static class CliProcess
{
    /// <summary>How long one run may take before the test fails.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Gets the tool's dll, which the test project builds and names in an assembly attribute.</summary>
    public static string Dll { get; } = typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "WttCliPath")?.Value
        ?? throw new InvalidOperationException("The test assembly does not name the wtt dll; build it with 'dotnet build tests/Wtt.Cli.Tests'.");

    /// <summary>Gets the dotnet host running the tests.</summary>
    public static string Dotnet { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    /// <summary>Makes the start info of a run: no configuration but <paramref name="environment"/> (WTT_ variables of the caller are removed, HOME points at <paramref name="home"/>).</summary>
    public static ProcessStartInfo StartInfo(string home, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("WTT_", StringComparison.OrdinalIgnoreCase) || k is "NOTIFY_SOCKET" or "WATCHDOG_USEC" or "WATCHDOG_PID").ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["HOME"] = home;
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>Runs the tool to its end.</summary>
    public static async Task<CliResult> RunAsync(string home, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(home, environment, arguments)) ?? throw new InvalidOperationException("dotnet did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"wtt {string.Join(' ', arguments)} did not end within {RunTimeout.TotalSeconds} s; it printed:\n{await stdout}\n{await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
