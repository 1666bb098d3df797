// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Wtt.Hosting.Tests.DependencyInjection;

public sealed class AddWttAgentTests
{
    [Fact(Timeout = 60_000)]
    public async Task AddWttAgent_CalledTwice_AddsOneHostedAgentThatStarts()
    {
        using var test = new TestMachine();
        var endpoint = "memory://agent-" + Guid.NewGuid().ToString("N");
        using var host = TestMachine.Host(services => services
            .AddWttClient(test.Options("m"))
            .AddWttAgent(o => o.Endpoints.Add(endpoint))
            .AddWttAgent(o => o.MaxConcurrentCallsPerConnection = 8));

        Assert.Single(host.Services.GetServices<IHostedService>().OfType<WttAgentHostedService>());
        var options = host.Services.GetRequiredService<IOptions<WttAgentOptions>>().Value;
        Assert.Equal([endpoint], options.Endpoints);
        Assert.Equal(8, options.MaxConcurrentCallsPerConnection);

        await host.StartAsync();
        Assert.Single(host.Services.GetRequiredService<WttAgentState>().Listeners);
        await host.StopAsync();
    }
}
