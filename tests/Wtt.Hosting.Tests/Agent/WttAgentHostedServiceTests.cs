// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wtt.Transports;

namespace Wtt.Hosting.Tests.Agent;

public sealed class WttAgentHostedServiceTests
{
    public static TheoryData<string> Endpoints => new() { "memory://agent-{0}", "tcp://127.0.0.1:0" };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Endpoints))]
    public async Task Start_Agent_ServesItsTableWithTheHostInitializedAndStopClosesTheListener(string endpointFormat)
    {
        using var test = new TestMachine();
        var endpoint = string.Format(System.Globalization.CultureInfo.InvariantCulture, endpointFormat, Guid.NewGuid().ToString("N"));
        using var host = TestMachine.Host(services =>
        {
            services.AddWttClient(test.Options("b")).AddWttAgent(o => o.Endpoints.Add(endpoint));
            services.AddHealthChecks().AddWttAgentCheck();
        });
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var report = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Status);
        var address = new Uri((string)report.Entries["wtt-agent"].Data[endpoint]);

        var options = new MachineConnectorOptions { SharedSecret = test.Secret, LocalMachineName = "a", ConnectTimeout = TimeSpan.FromSeconds(5) };
        options.Machines["b"] = address;
        await using (var connector = new MachineConnector(options, [new TcpTransport(), InMemoryTransport.Shared]))
        {
            var remote = await connector.GetClientAsync("b");
            var table = await remote.GetProcessListAsync(new ProcessListOptions { Machine = "b" });

            var self = Assert.Single(table, p => p.Pid == Environment.ProcessId);
            Assert.Equal(ProcessKind.WttBased, self.Kind);
            Assert.Equal(ProcessStatus.Initialized, self.Status);
            Assert.Equal(host.Services.GetRequiredService<WttAgentState>().HostProcessId, self.Id);
        }

        var listener = Assert.Single(host.Services.GetRequiredService<WttAgentState>().Listeners);
        await host.StopAsync();

        Assert.True(listener.Server.Completion.IsCompletedSuccessfully);
        Assert.Empty(host.Services.GetRequiredService<WttAgentState>().Listeners);
        var ended = await host.Services.GetRequiredService<IWttClient>().GetProcessInfoAsync(new WttProcessHandle(host.Services.GetRequiredService<WttAgentState>().HostProcessId));
        Assert.Equal(ProcessStatus.Exited, ended.Status);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);
        var after = new MachineConnectorOptions { SharedSecret = test.Secret, LocalMachineName = "a", ConnectTimeout = TimeSpan.FromSeconds(2) };
        after.Machines["b"] = address;
        await using var late = new MachineConnector(after, [new TcpTransport(), InMemoryTransport.Shared]);
        var unreachable = await Assert.ThrowsAsync<WttException>(async () => await (await late.GetClientAsync("b")).GetProcessListAsync(new ProcessListOptions { Machine = "b" }));
        Assert.Equal(WttErrorCode.MachineUnreachable, unreachable.ErrorCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Start_SelfRegisteredHost_IsTheCurrentProcessAndParentsOnlyWhatTheHostCreates()
    {
        using var test = new TestMachine();
        var endpoint = "memory://agent-" + Guid.NewGuid().ToString("N");
        using var host = TestMachine.Host(services => services.AddWttClient(test.Options("b")).AddWttAgent(o => o.Endpoints.Add(endpoint)));
        await host.StartAsync();
        var hostId = host.Services.GetRequiredService<WttAgentState>().HostProcessId;
        var local = host.Services.GetRequiredService<IWttClient>();

        var self = await local.GetCurrentProcessInfoAsync();
        var own = await local.CreateProcessAsync(new ProcessStartSpec(TestMachine.Helper) { Arguments = ["no-ready", "exit", "0"] });

        var options = new MachineConnectorOptions { SharedSecret = test.Secret, LocalMachineName = "a" };
        options.Machines["b"] = new Uri(endpoint);
        await using var connector = new MachineConnector(options, [InMemoryTransport.Shared]);
        var remote = await connector.GetClientAsync("b");
        var remoteSelf = await remote.GetCurrentProcessInfoAsync();
        var theirs = await remote.CreateProcessAsync(new ProcessStartSpec(TestMachine.Helper) { Machine = "b", Arguments = ["no-ready", "exit", "0"] });
        await local.WaitAsync(ProcessSet.Of(own, new WttProcessHandle(theirs.Id)), new WaitOptions { Timeout = TimeSpan.FromSeconds(30) });

        Assert.Equal(hostId, self?.Id);
        Assert.Equal(hostId, remoteSelf?.Id);
        Assert.Equal(hostId, (await local.GetProcessInfoAsync(own)).ParentId);
        Assert.True((await local.GetProcessInfoAsync(new WttProcessHandle(theirs.Id))).ParentId.IsNil);
        await host.StopAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Start_WithoutRegisterHost_ListensButLeavesTheTableEmpty()
    {
        using var test = new TestMachine();
        var endpoint = "memory://agent-" + Guid.NewGuid().ToString("N");
        using var host = TestMachine.Host(services => services.AddWttClient(test.Options("b")).AddWttAgent(o =>
        {
            o.Endpoints.Add(endpoint);
            o.RegisterHost = false;
        }));
        await host.StartAsync();

        var client = host.Services.GetRequiredService<IWttClient>();
        Assert.Empty(await client.GetProcessListAsync());
        Assert.True(host.Services.GetRequiredService<WttAgentState>().HostProcessId.IsNil);
        await host.StopAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Start_EndpointAlreadyTaken_FailsAndClosesWhatItOpened()
    {
        using var test = new TestMachine();
        var endpoint = "memory://agent-" + Guid.NewGuid().ToString("N");
        await using var squatter = await InMemoryTransport.Shared.ListenAsync(new Uri(endpoint));
        using var host = TestMachine.Host(services => services.AddWttClient(test.Options("b")).AddWttAgent(o =>
        {
            o.Endpoints.Add("memory://first-" + Guid.NewGuid().ToString("N"));
            o.Endpoints.Add(endpoint);
        }));

        await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Empty(host.Services.GetRequiredService<WttAgentState>().Listeners);
    }

    [Fact(Timeout = 60_000)]
    public async Task HealthCheck_ListenerDied_ReportsUnhealthyNamingIt()
    {
        using var test = new TestMachine();
        var endpoint = "memory://agent-" + Guid.NewGuid().ToString("N");
        using var host = TestMachine.Host(services =>
        {
            services.AddWttClient(test.Options("b")).AddWttAgent(o => o.Endpoints.Add(endpoint));
            services.AddHealthChecks().AddWttAgentCheck();
        });
        await host.StartAsync();
        var listener = Assert.Single(host.Services.GetRequiredService<WttAgentState>().Listeners);

        await listener.Server.DisposeAsync();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains(endpoint, report.Entries["wtt-agent"].Description, StringComparison.OrdinalIgnoreCase);
        await host.StopAsync();
    }
}
