// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Clients;

/// <summary>The python client of tests/clients/python speaks the protocol as docs/protocol.md describes it.</summary>
public sealed class PythonClientTests
{
    private const int Timeout = 60_000;

    [Fact(Timeout = Timeout)]
    public async Task PythonClient_WithTheSecret_ListsTheRows()
    {
        if (FindPython() is not { } python)
        {
            AssertMayGoWithoutPython();
            return; // python3 is missing: nothing to run the client with.
        }

        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));

        var (exit, output, error) = await RunAsync(python, agent.Server.Address, AgentHarness.Secret);

        Assert.True(exit == 0, error);
        Assert.All(agent.Fake.List, row => Assert.Contains(row.Id.ToString(), output, StringComparison.Ordinal));
        Assert.Contains("Initialized", output, StringComparison.Ordinal);
        Assert.Contains("/usr/bin/server", output, StringComparison.Ordinal);
        Assert.Equal(1, agent.Fake.Calls);
    }

    [Fact(Timeout = Timeout)]
    public async Task PythonClient_WithAWrongSecret_IsRefused()
    {
        if (FindPython() is not { } python)
        {
            AssertMayGoWithoutPython();
            return;
        }

        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));

        var (exit, _, error) = await RunAsync(python, agent.Server.Address, "not the secret");

        Assert.Equal(2, exit);
        Assert.Contains("AuthenticationFailed", error, StringComparison.Ordinal);
        Assert.Equal(0, agent.Fake.Calls);
    }

    /// <summary>Outside CI a machine without python3 skips the client; CI has it, so there the test must run.</summary>
    private static void AssertMayGoWithoutPython()
        => Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "python3 is not on the PATH, and CI=true needs it for the non-.NET client test: install python3.");

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string python, Uri address, string secret)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(FindScript());
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--secret");
        start.ArgumentList.Add(secret);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static string? FindPython()
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "python3"))
            .FirstOrDefault(File.Exists);

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "tests", "clients", "python", "wtt_list.py");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new FileNotFoundException("tests/clients/python/wtt_list.py was not found above the test's folder.");
    }
}
