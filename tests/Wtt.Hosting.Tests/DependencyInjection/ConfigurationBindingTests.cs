// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Wtt.Hosting.Tests.DependencyInjection;

public sealed class ConfigurationBindingTests
{
    [Fact(Timeout = 60_000)]
    public async Task AddWttAgent_ConfigurationSection_BindsWttAndWttAgent()
    {
        using var test = new TestMachine();
        var endpoint = "memory://agent-" + Guid.NewGuid().ToString("N");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wtt:MachineName"] = "b",
            ["Wtt:TableFolder"] = test.Folder("b"),
            ["Wtt:TableCapacity"] = "128",
            ["Wtt:ConnectTimeout"] = "00:00:02",
            ["Wtt:Machines:lab-c"] = "tcp://10.0.0.3:7447",
            ["Wtt:SharedSecret"] = test.Secret,
            ["Wtt:Agent:Endpoints:0"] = endpoint,
            ["Wtt:Agent:MaxMessageBytes"] = "65536",
        }).Build();
        using var host = TestMachine.Host(services => services.AddWttAgent(configuration.GetSection(WttClientOptions.SectionName)));

        await host.StartAsync();

        var wtt = host.Services.GetRequiredService<IOptions<WttClientOptions>>().Value;
        var agent = host.Services.GetRequiredService<IOptions<WttAgentOptions>>().Value;
        Assert.Equal(("b", 128, TimeSpan.FromSeconds(2), "tcp://10.0.0.3:7447"), (wtt.MachineName, wtt.TableCapacity, wtt.ConnectTimeout, wtt.Machines["LAB-C"]));
        Assert.Equal([endpoint], agent.Endpoints);
        Assert.Equal(65536, agent.MaxMessageBytes);
        Assert.Equal(new Uri(endpoint), Assert.Single(host.Services.GetRequiredService<WttAgentState>().Listeners).Address);
        await host.StopAsync();
    }
}
