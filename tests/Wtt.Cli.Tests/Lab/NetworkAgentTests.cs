// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Wtt.Integration.Tests.Lab;

namespace Wtt.Cli.Tests.Lab;

/// <summary>
/// <c>wtt agent</c> in a network namespace of its own (another "machine" with its own address), driven by the wtt
/// commands from outside. Needs root and <c>ip netns</c>: skipped elsewhere, mandatory under <c>CI=true</c>.
/// </summary>
[Collection(CliNetworkCollection.Name)]
public sealed partial class NetworkAgentTests(LabNetwork network) : IAsyncLifetime
{
    private readonly string root = Path.Combine(OperatingSystem.IsLinux() ? "/dev/shm" : Path.GetTempPath(), "wtt-tests", Guid.NewGuid().ToString("N"));
    private readonly string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private Process? agent;

    private string Home => Directory.CreateDirectory(Path.Combine(root, "home")).FullName;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(root);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (network.Links.Count > 0)
        {
            await network.Links[0].RestoreAsync();
            await LabNetwork.KillAllInAsync(network.Links[0].Namespace);
        }

        if (agent is { HasExited: false })
        {
            agent.Kill(entireProcessTree: true);
        }

        agent?.Dispose();
        Directory.Delete(root, recursive: true);
    }

    [SkippableFact(Timeout = 240_000)]
    public async Task Commands_DriveAnAgentInANetworkNamespace_AndACutLinkIsOneLineExit3()
    {
        network.Require();
        var link = network.Links[0];
        var address = await StartAgentAsync(link);
        var caller = new Dictionary<string, string>
        {
            ["WTT_Wtt__MachineName"] = "cli",
            ["WTT_Wtt__TableFolder"] = Path.Combine(root, "cli"),
            ["WTT_Wtt__SharedSecret"] = secret,
            ["WTT_Wtt__Machines__netlab"] = address,
            ["WTT_Wtt__ConnectTimeout"] = "00:01:00",
        };

        var machines = await CliProcess.RunAsync(Home, caller, "machines", "--timeout", "60s");
        Assert.True(machines.ExitCode == 0, machines.ToString());
        Assert.Matches($@"netlab\s+{Regex.Escape(address)}\s+yes\s+Wtt/\S+\s+1\s", machines.Output);

        var started = await CliProcess.RunAsync(Home, caller, "start", "--machine", "netlab", "--", CliLab.Helper, "sleep", "-1");
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = started.Output.Trim();
        var ps = await CliProcess.RunAsync(Home, caller, "ps", "--machine", "netlab");
        Assert.Contains(ps.Output.Split('\n'), l => l.Contains(id, StringComparison.Ordinal) && l.Contains("Running", StringComparison.Ordinal));
        var stop = await CliProcess.RunAsync(Home, caller, "stop", "--machine", "netlab", "--grace", "5s", id);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("StoppedCleanly", stop.Output, StringComparison.Ordinal);

        var wrongSecret = await CliProcess.RunAsync(Home, caller, "ps", "--machine", "netlab", "--set", "Wtt:SharedSecret=wrong");
        Assert.Equal(4, wrongSecret.ExitCode);
        Assert.Single(wrongSecret.ErrorLines);

        // A cut cable: packets are dropped silently; the command gives up within its connect timeout with one line.
        await link.CutAsync();
        caller["WTT_Wtt__ConnectTimeout"] = "00:00:03";
        var cut = await CliProcess.RunAsync(Home, caller, "ps", "--machine", "netlab");
        Assert.Equal(3, cut.ExitCode);
        Assert.StartsWith($"wtt: machine 'netlab' ({address}) is unreachable:", Assert.Single(cut.ErrorLines), StringComparison.Ordinal);
    }

    private async Task<string> StartAgentAsync(LabLink link)
    {
        var environment = new Dictionary<string, string>
        {
            ["WTT_Wtt__MachineName"] = "netlab",
            ["WTT_Wtt__TableFolder"] = Path.Combine(root, "netlab"),
            ["WTT_Wtt__TableCapacity"] = "256",
            ["WTT_Wtt__SharedSecret"] = secret,
            ["WTT_Wtt__Agent__Endpoints__0"] = $"tcp://{link.AgentAddress}:7447",
        };
        var info = CliProcess.StartInfo(Home, environment, ["agent"]);
        info.ArgumentList.Insert(0, info.FileName);
        foreach (var word in new[] { "netns", "exec", link.Namespace }.Reverse())
        {
            info.ArgumentList.Insert(0, word);
        }

        info.FileName = "ip";
        agent = Process.Start(info)!;
        agent.StandardInput.Close();
        _ = agent.StandardError.ReadToEndAsync();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = agent.StandardOutput;
        _ = Task.Run(async () =>
        {
            while (await output.ReadLineAsync() is { } line)
            {
                if (ListeningOn().Match(line) is { Success: true } match)
                {
                    listening.TrySetResult(match.Groups["address"].Value);
                }
            }

            listening.TrySetException(new InvalidOperationException("wtt agent ended in the namespace without listening."));
        });
        return await listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
    }

    [GeneratedRegex(@"listening on (?<address>tcp://[\d.]+:\d+)")]
    private static partial Regex ListeningOn();
}
