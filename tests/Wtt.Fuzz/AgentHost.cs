// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Wtt.Fuzz;

/// <summary>The agent under test: <c>AddWttAgent</c> over the real engine, on tcp loopback, with a secret and a table folder of its own.</summary>
internal static class AgentHost
{
    public static async Task<int> RunAsync(int port, string secret, string folder)
    {
        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders();
        var wtt = builder.Configuration.GetSection("Wtt");
        wtt["MachineName"] = "fuzz-agent";
        wtt["TableFolder"] = Path.Combine(folder, "table");
        wtt["StateFolder"] = Path.Combine(folder, "state");
        wtt["TableCapacity"] = "256";
        wtt["Agent:Endpoints:0"] = $"tcp://127.0.0.1:{port}";
        wtt["Agent:SharedSecret"] = secret;
        wtt["Agent:JournalFolder"] = Path.Combine(folder, "journal");
        builder.Services.AddWttAgent(wtt);
        using var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        Console.WriteLine("ready");
        await host.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
