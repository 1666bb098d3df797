// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wtt.Core;
using Wtt.Transports;

namespace Wtt.Hosting.Tests.DependencyInjection;

public sealed class AddWttClientTests
{
    [Fact(Timeout = 60_000)]
    public async Task AddWttClient_CreateProcess_RunsRealProcessAndReportsItsExitCode()
    {
        using var test = new TestMachine();
        await using var provider = new ServiceCollection().AddWttClient(test.Options("m")).BuildServiceProvider();
        var client = provider.GetRequiredService<IWttClient>();

        var handle = await client.CreateProcessAsync(new ProcessStartSpec(TestMachine.Helper) { Arguments = ["no-ready", "exit", "3"] });
        var result = await client.WaitAsync(ProcessSet.Of(handle), new WaitOptions { Timeout = TimeSpan.FromSeconds(30) });

        Assert.True(result.IsSatisfied);
        Assert.Equal(3, result.Entries[0].ExitCode);
        Assert.Equal("m", client.MachineName);
        Assert.Equal(test.Folder("m"), provider.GetRequiredService<LocalWttMachine>().Options.TableFolder);
    }

    [Fact]
    public async Task AddWttClient_CalledTwice_RegistersEachDefaultOnceAndKeepsBothConfigurations()
    {
        using var test = new TestMachine();
        var services = new ServiceCollection()
            .AddWttClient(test.Options("m"))
            .AddWttClient(o => o.Machines["b"] = "memory://b");
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(["tcp", "tcps", "pipe", "memory"], provider.GetServices<IWttTransport>().Select(t => t.Scheme));
        Assert.Single(services, d => d.ServiceType == typeof(IWttClient));
        Assert.Single(services, d => d.ServiceType == typeof(IMachineConnector));
        var options = provider.GetRequiredService<IOptions<WttClientOptions>>().Value;
        Assert.Equal("m", options.MachineName);
        Assert.Equal("memory://b", options.Machines["b"]);
        Assert.False(provider.GetRequiredService<IMachineConnector>().IsLocal("b"));
        Assert.True(provider.GetRequiredService<IMachineConnector>().IsLocal("m"));
    }

    [Fact]
    public async Task AddWttClient_FakeRegisteredFirst_KeepsTheFake()
    {
        var fake = new FakeTime();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(fake).AddWttClient();
        await using var provider = services.BuildServiceProvider();

        Assert.Same(fake, provider.GetRequiredService<TimeProvider>());
        Assert.IsType<MachineConnector>(provider.GetRequiredService<IMachineConnector>());
    }

    private sealed class FakeTime : TimeProvider;
}
