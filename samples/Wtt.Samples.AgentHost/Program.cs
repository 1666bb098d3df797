// Copyright (c) Wtt developers. Licensed under the MIT license.

// A Wtt agent: serves this machine's processes to other machines until Ctrl+C.
//
//   WTT_AGENT_SECRET=... dotnet run --project samples/Wtt.Samples.AgentHost
//
// Settings come from appsettings.json (section "Wtt"), environment variables (Wtt__Agent__Endpoints__0=...)
// and the command line (--Wtt:Agent:Endpoints:0=tcp://127.0.0.1:7448). The secret callers must prove comes
// from WTT_AGENT_SECRET (or Wtt__SharedSecret); without one, a fresh secret is made and printed.
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
var wtt = builder.Configuration.GetSection("Wtt");
if (string.IsNullOrEmpty(wtt["Agent:SharedSecret"]) && string.IsNullOrEmpty(wtt["SharedSecret"]))
{
    var secret = Environment.GetEnvironmentVariable("WTT_AGENT_SECRET");
    if (string.IsNullOrEmpty(secret))
    {
        secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Console.WriteLine($"No secret configured; callers must use this one (set WTT_AGENT_SECRET to choose it):{Environment.NewLine}{secret}");
    }

    wtt["SharedSecret"] = secret;
}

builder.Services.AddWttAgent(wtt);
builder.Services.AddHealthChecks().AddWttAgentCheck();

using var host = builder.Build();
await host.StartAsync();

var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
foreach (var (name, entry) in health.Entries)
{
    Console.WriteLine($"{name}: {entry.Status} - {entry.Description}");
}

Console.WriteLine("Serving; press Ctrl+C to stop.");
await host.WaitForShutdownAsync();
