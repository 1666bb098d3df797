// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;

namespace Wtt.Integration.Tests.Lab;

/// <summary>Runs the short commands that build and tear down the lab's network (<c>ip</c>, <c>kill</c>).</summary>
internal static class LabShell
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Runs a command and returns its exit code and output; never throws for a non-zero exit.</summary>
    public static async Task<(int ExitCode, string Output)> TryRunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{file} {string.Join(' ', arguments)}' did not end within {CommandTimeout.TotalSeconds} s.");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Runs a command and throws, with its output, unless it exits with 0.</summary>
    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var (code, output) = await TryRunAsync(file, arguments);
        return code == 0
            ? output
            : throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' exited with {code}: {output.Trim()}");
    }

    /// <summary>Runs <c>ip</c> with the arguments.</summary>
    public static Task<string> IpAsync(params string[] arguments) => RunAsync("ip", arguments);
}
