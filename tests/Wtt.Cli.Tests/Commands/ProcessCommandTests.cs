// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text.Json;

namespace Wtt.Cli.Tests.Commands;

/// <summary>ps, start, wait, output, tail, signal and stop, run as child processes against an agent on loopback.</summary>
public sealed class ProcessCommandTests : IAsyncLifetime
{
    private CliLab lab = null!;

    public async Task InitializeAsync() => lab = await CliLab.StartAsync();

    public async Task DisposeAsync() => await lab.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task Ps_PrintsAnAlignedTable_WithTheAgentInitialized()
    {
        var result = await lab.OkAsync("ps", "--machine", "lab");

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("MACHINE", lines[0], StringComparison.Ordinal);
        var statusColumn = lines[0].IndexOf("STATUS", StringComparison.Ordinal);
        var agent = Assert.Single(lines, l => l.Contains("Initialized", StringComparison.Ordinal));
        Assert.Equal(statusColumn, agent.IndexOf("Initialized", StringComparison.Ordinal));
        Assert.StartsWith("lab ", agent, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact(Timeout = 120_000)]
    public async Task StartWaitOutputStop_ReportEachStepAndPerProcessOutcomes()
    {
        var printer = (await lab.OkAsync("start", "--machine", "lab", "--", CliLab.Helper, "print-lines", "3", "exit", "0")).Output.Trim();
        var sleeper = (await lab.OkAsync("start", "--machine", "lab", "--", CliLab.Helper, "sleep", "-1")).Output.Trim();
        Assert.True(Guid.TryParse(printer, out _), printer);

        var exited = await lab.OkAsync("wait", "--machine", "lab", "--exited", "--timeout", "30s", printer);
        Assert.Contains("wait: Satisfied", exited.Output, StringComparison.Ordinal);

        var output = await lab.OkAsync("output", "--machine", "lab", printer);
        Assert.Contains("line 1", output.Output, StringComparison.Ordinal);
        Assert.Contains("line 3", output.Output, StringComparison.Ordinal);

        var notYet = await lab.RunAsync("wait", "--machine", "lab", "--timeout", "200ms", sleeper);
        Assert.Equal(1, notYet.ExitCode);
        Assert.Contains("StillWaiting", notYet.Output, StringComparison.Ordinal);
        Assert.Contains("wait: TimedOut", notYet.Output, StringComparison.Ordinal);

        var any = await lab.OkAsync("wait", "--machine", "lab", "--any", "--initialized", "--timeout", "30s", printer, sleeper);
        Assert.Contains("Reached", any.Output, StringComparison.Ordinal);

        var stopped = await lab.OkAsync("stop", "--machine", "lab", "--grace", "5s", sleeper, printer);
        var rows = stopped.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(rows, r => r.StartsWith(sleeper, StringComparison.Ordinal) && r.Contains("StoppedCleanly", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith(printer, StringComparison.Ordinal) && r.Contains("AlreadyExited", StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task TailFollow_PrintsTheLogAsWritten_AndEndsAtItsTimeout()
    {
        var log = Path.Combine(lab.Root, "helper.log");
        var id = (await lab.OkAsync("start", "--machine", "lab", "--log", log, "--", CliLab.Helper, "log", log, "3", "sleep", "-1")).Output.Trim();

        var tail = await lab.OkAsync("tail", "-f", "--timeout", "3s", "--machine", "lab", id);

        Assert.Contains("line 1", tail.Output, StringComparison.Ordinal);
        Assert.Contains("line 3", tail.Output, StringComparison.Ordinal);
        await lab.OkAsync("stop", "--machine", "lab", "--grace", "0", id);
    }

    [Fact(Timeout = 120_000)]
    public async Task Json_IsOneDocumentWithCamelCaseNames()
    {
        var started = await lab.OkAsync("--json", "start", "--machine", "lab", "--", CliLab.Helper, "sleep", "-1");
        using var handle = JsonDocument.Parse(started.Output);
        var id = handle.RootElement.GetProperty("id").GetString()!;
        Assert.Equal("lab", handle.RootElement.GetProperty("machine").GetString());

        var ps = await lab.OkAsync("ps", "--machine", "lab", "--json");
        using var list = JsonDocument.Parse(ps.Output);
        var row = Assert.Single(list.RootElement.EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        Assert.Equal("plain", row.GetProperty("kind").GetString());
        Assert.Equal(CliLab.Helper, row.GetProperty("fileName").GetString());

        var stop = await lab.OkAsync("stop", "--json", "--machine", "lab", "--grace", "5s", id);
        using var outcome = JsonDocument.Parse(stop.Output);
        Assert.True(outcome.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("stoppedCleanly", Assert.Single(outcome.RootElement.GetProperty("entries").EnumerateArray()).GetProperty("outcome").GetString());

        var signal = await lab.OkAsync("signal", "--json", "--machine", "lab", id);
        using var signalled = JsonDocument.Parse(signal.Output);
        Assert.Equal("alreadyExited", Assert.Single(signalled.RootElement.GetProperty("entries").EnumerateArray()).GetProperty("outcome").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task Machines_ReportsReachableAgentVersionProtocolAndLatency_AndExits3ForAnUnreachableOne()
    {
        var environment = lab.Environment;
        environment["WTT_Wtt__Machines__gone"] = "tcp://127.0.0.1:1";

        var result = await lab.RunAsync(environment, "machines", "--json", "--timeout", "60s");

        Assert.True(result.ExitCode == 3, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var machines = json.RootElement.EnumerateArray().ToDictionary(m => m.GetProperty("machine").GetString()!);
        Assert.True(machines["lab"].GetProperty("reachable").GetBoolean());
        Assert.Equal(1, machines["lab"].GetProperty("protocolVersion").GetInt32());
        Assert.Matches(@"^Wtt/\d+\.\d+\.\d+", machines["lab"].GetProperty("agentSoftware").GetString());
        Assert.True(machines["lab"].GetProperty("latencyMilliseconds").GetDouble() > 0);
        Assert.False(machines["gone"].GetProperty("reachable").GetBoolean());
        Assert.Contains("127.0.0.1:1", machines["gone"].GetProperty("error").GetString(), StringComparison.Ordinal);

        var table = await lab.OkAsync("machines", "--timeout", "60s");
        Assert.Matches(@"lab\s+tcp://127\.0\.0\.1:\d+\s+yes\s+Wtt/\S+\s+1\s+[\d.]+ms", table.Output);
    }
}
