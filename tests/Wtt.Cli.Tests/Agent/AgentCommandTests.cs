// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Wtt.Cli.Tests.Agent;

/// <summary><c>wtt agent</c> as a child process: systemd's notify socket (READY=1, WATCHDOG=1), and callers reaching it.</summary>
public sealed partial class AgentCommandTests : IAsyncLifetime
{
    private readonly string root = Path.Combine(OperatingSystem.IsLinux() ? "/dev/shm" : Path.GetTempPath(), "wtt-tests", Guid.NewGuid().ToString("N"));
    private readonly string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private Process? agent;

    private static System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

    private string Home => Directory.CreateDirectory(Path.Combine(root, "home")).FullName;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(root);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        if (agent is { HasExited: false })
        {
            agent.Kill(entireProcessTree: true);
        }

        agent?.Dispose();
        Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact(Timeout = 120_000)]
    public async Task PrintUnit_WritesANotifyUnitWithWatchdogRestartSecretFileAndStateDirectory()
    {
        var result = await CliProcess.RunAsync(Home, new Dictionary<string, string>(), "agent", "--print-unit", "--watchdog", "20s");

        Assert.True(result.ExitCode == 0, result.ToString());
        var unit = result.Output;
        Assert.Contains("Type=notify", unit, StringComparison.Ordinal);
        Assert.Contains("WatchdogSec=20", unit, StringComparison.Ordinal);
        Assert.Contains("Restart=on-failure", unit, StringComparison.Ordinal);
        Assert.Contains("EnvironmentFile=-/etc/wtt/agent.env", unit, StringComparison.Ordinal);
        Assert.Contains("StateDirectory=wtt", unit, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^ExecStart=\S+.* agent$", unit);
    }

    [SkippableFact(Timeout = 120_000)]
    public async Task Agent_TellsSystemdReadyThenFeedsTheWatchdog_AndServesCallersAndStartsOfThisMachine()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "The systemd notify socket is a Linux unix datagram socket.");
        var socketPath = Path.Combine(root, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        var machine = new Dictionary<string, string>
        {
            ["WTT_Wtt__MachineName"] = "node",
            ["WTT_Wtt__TableFolder"] = Path.Combine(root, "node"),
            ["WTT_Wtt__TableCapacity"] = "256",
            ["WTT_Wtt__SharedSecret"] = secret,
            ["WTT_Wtt__Agent__Endpoints__0"] = "tcp://127.0.0.1:0",
            ["WTT_Wtt__ConnectTimeout"] = "00:01:00",
        };
        var info = CliProcess.StartInfo(Home, machine, ["agent"]);
        info.Environment["NOTIFY_SOCKET"] = socketPath;
        info.Environment["WATCHDOG_USEC"] = "400000";
        agent = Process.Start(info)!;
        agent.StandardInput.Close();
        _ = agent.StandardError.ReadToEndAsync();
        var address = ListeningAddressAsync(agent.StandardOutput);

        // Read as systemd does, every message as it comes.
        var messages = System.Threading.Channels.Channel.CreateUnbounded<string>();
        using var drain = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            while (!drain.IsCancellationRequested)
            {
                await messages.Writer.WriteAsync(await ReceiveAsync(notify, drain.Token));
            }
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal("READY=1", await messages.Reader.ReadAsync(timeout.Token));
        Assert.Equal("WATCHDOG=1", await messages.Reader.ReadAsync(timeout.Token));
        Assert.Equal("WATCHDOG=1", await messages.Reader.ReadAsync(timeout.Token));

        // A caller elsewhere reaches it by name.
        var caller = new Dictionary<string, string>
        {
            ["WTT_Wtt__MachineName"] = "cli",
            ["WTT_Wtt__TableFolder"] = Path.Combine(root, "cli"),
            ["WTT_Wtt__SharedSecret"] = secret,
            ["WTT_Wtt__Machines__node"] = await address,
            ["WTT_Wtt__ConnectTimeout"] = "00:01:00",
        };
        var machines = await CliProcess.RunAsync(Home, caller, "machines", "--timeout", "60s");
        Assert.True(machines.ExitCode == 0, machines + "\n--- agent\n" + string.Join('\n', Log));
        Assert.Matches(@"node\s+tcp://127\.0\.0\.1:\d+\s+yes", machines.Output);

        // On its own machine, wtt start hands the process to the agent (the first of Wtt:Agent:Endpoints), and the other commands read the shared table.
        machine["WTT_Wtt__Agent__Endpoints__0"] = await address;
        var started = await CliProcess.RunAsync(Home, machine, "start", "--", CliLab.Helper, "print-lines", "2", "sleep", "-1");
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = started.Output.Trim();
        var ps = await CliProcess.RunAsync(Home, machine, "ps");
        Assert.Contains(ps.Output.Split('\n'), l => l.Contains(id, StringComparison.Ordinal) && l.Contains("Running", StringComparison.Ordinal));
        var stop = await CliProcess.RunAsync(Home, machine, "stop", "--grace", "5s", id);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("StoppedCleanly", stop.Output, StringComparison.Ordinal);
    }

    private static async Task<string> ReceiveAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, read).Trim();
    }

    /// <summary>Reads the agent's log to its end (so it never blocks on a full pipe), and gives the address it says it listens on.</summary>
    private static Task<string> ListeningAddressAsync(StreamReader output)
    {
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (await output.ReadLineAsync() is { } line)
            {
                Log.Enqueue(line);
                if (ListeningOn().Match(line) is { Success: true } match)
                {
                    address.TrySetResult(match.Groups["address"].Value);
                }
            }

            address.TrySetException(new InvalidOperationException("The agent ended without saying where it listens."));
        });
        return address.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [GeneratedRegex(@"listening on (?<address>tcp://[\d.]+:\d+)")]
    private static partial Regex ListeningOn();
}
