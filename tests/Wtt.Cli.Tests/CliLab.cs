// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wtt.Hosting;

namespace Wtt.Cli.Tests;

/// <summary>
/// An agent "lab" served by this test process (AddWttAgent, tcp on loopback, a secret), and the environment under which the
/// wtt tool reaches it as machine "lab" from a machine "cli" of its own (WTT_ variables only, no file).
/// </summary>
internal sealed class CliLab : IAsyncDisposable
{
    public static readonly string Helper = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Wtt.TestHelper.exe" : "Wtt.TestHelper");

    private readonly IHost host;

    private CliLab(string root, string secret, IHost host, string address)
    {
        Root = root;
        Secret = secret;
        this.host = host;
        Address = address;
    }

    public string Root { get; }

    public string Secret { get; }

    public string Address { get; }

    public string Home => Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;

    /// <summary>Gets the tool's environment: its own table, the secret, and the lab's address.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["WTT_Wtt__MachineName"] = "cli",
        ["WTT_Wtt__TableFolder"] = Path.Combine(Root, "cli"),
        ["WTT_Wtt__TableCapacity"] = "256",
        ["WTT_Wtt__SharedSecret"] = Secret,
        ["WTT_Wtt__Machines__lab"] = Address,

        // A shared 2-core machine under load can take seconds to answer a cold agent's first call.
        ["WTT_Wtt__ConnectTimeout"] = "00:01:00",
    };

    public static async Task<CliLab> StartAsync()
    {
        var root = Path.Combine(OperatingSystem.IsLinux() ? "/dev/shm" : Path.GetTempPath(), "wtt-tests", Guid.NewGuid().ToString("N"));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddWttAgent(o => o.Endpoints.Add("tcp://127.0.0.1:0"));
        builder.Services.AddWttClient(o =>
        {
            o.MachineName = "lab";
            o.TableFolder = Path.Combine(root, "lab");
            o.TableCapacity = 256;
            o.SharedSecret = secret;
        });
        var host = builder.Build();
        await host.StartAsync();
        var health = await host.Services.GetRequiredService<WttAgentHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        var address = (string)health.Data["tcp://127.0.0.1:0"];
        return new CliLab(root, secret, host, address.TrimEnd('/'));
    }

    public Task<CliResult> RunAsync(params string[] arguments) => CliProcess.RunAsync(Home, Environment, arguments);

    public Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) => CliProcess.RunAsync(Home, environment, arguments);

    /// <summary>Runs the tool and checks that it exits with 0.</summary>
    public async Task<CliResult> OkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"wtt {string.Join(' ', arguments)}: {result}");
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var client = host.Services.GetRequiredService<IWttClient>();
            var running = (await client.GetProcessListAsync()).Where(p => !p.Status.IsEnded() && p.Pid != System.Environment.ProcessId).Select(p => new WttProcessHandle(p.Id)).ToList();
            if (running.Count > 0)
            {
                await client.TerminateAsync(ProcessSet.Of(running), new TerminateOptions { GracePeriod = TimeSpan.Zero });
            }

            await host.StopAsync();
        }
        finally
        {
            host.Dispose();
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }
}
