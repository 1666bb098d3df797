// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Cli.Tests.Failures;

/// <summary>Whatever goes wrong, the tool prints one clear line on standard error and exits with the documented code.</summary>
public sealed class FailureTests : IAsyncLifetime
{
    private CliLab lab = null!;

    public async Task InitializeAsync() => lab = await CliLab.StartAsync();

    public async Task DisposeAsync() => await lab.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task BadAddress_OneLine_Exit3()
    {
        var environment = lab.Environment;
        environment["WTT_Wtt__Machines__lab"] = "tcp://127.0.0.1:1";

        var result = await lab.RunAsync(environment, "ps", "--machine", "lab");

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("wtt: machine 'lab' (tcp://127.0.0.1:1) is unreachable:", line, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact(Timeout = 120_000)]
    public async Task UnconfiguredMachine_OneLine_Exit3()
    {
        var result = await lab.RunAsync("ps", "--machine", "nowhere");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("wtt: no address is configured for machine 'nowhere'", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task WrongSecret_OneLine_Exit4()
    {
        var result = await lab.RunAsync("ps", "--machine", "lab", "--set", "Wtt:SharedSecret=not-the-secret");

        Assert.Equal(4, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("wtt: machine 'lab'", line, StringComparison.Ordinal);
        Assert.Contains("refused this caller", line, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task UnknownId_OneLine_Exit5()
    {
        var id = Guid.NewGuid().ToString();

        var result = await lab.RunAsync("wait", "--machine", "lab", id);

        Assert.Equal(5, result.ExitCode);
        Assert.Equal($"wtt: no process {id} is known on machine 'lab'; check the id with 'wtt ps --machine lab'.", Assert.Single(result.ErrorLines));
    }

    [Theory(Timeout = 120_000)]
    [InlineData("frobnicate")]
    [InlineData("wait", "not-a-uuid")]
    [InlineData("stop", "--grace", "soon", "00000000-0000-0000-0000-000000000001")]
    [InlineData("wait", "--all", "--any", "00000000-0000-0000-0000-000000000001")]
    [InlineData("wait")]
    [InlineData("ps", "--config", "/nonexistent/wtt.json")]
    public async Task UsageErrors_OneLine_Exit2(params string[] arguments)
    {
        var result = await lab.RunAsync(arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("wtt: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task InvalidConfiguration_NamesTheOption_Exit2()
    {
        var result = await lab.RunAsync("ps", "--set", "Wtt:TableCapacity=0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Wtt:TableCapacity", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Help_ListsTheExitCodes()
    {
        var result = await lab.OkAsync("--help");

        Assert.Contains("Exit codes:", result.Output, StringComparison.Ordinal);
        Assert.Contains("4    authentication refused", result.Output, StringComparison.Ordinal);
    }
}
