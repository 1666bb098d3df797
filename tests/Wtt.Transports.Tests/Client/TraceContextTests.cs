// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Client;

/// <summary>The caller's trace continues on the agent: W3C trace context crosses the JSON-RPC hop.</summary>
public sealed class TraceContextTests
{
    [Fact(Timeout = 20_000)]
    public async Task RemoteCall_RunsOnTheAgentInTheCallersTrace()
    {
        using var source = new ActivitySource("Wtt.Tests.Trace");
        using var listener = ListenToAll();
        await using var agent = await AgentHarness.StartAsync(new InMemoryTransport(), new Uri($"memory://trace-{Guid.NewGuid():N}"));
        var client = await agent.ClientAsync();

        using (var caller = source.StartActivity("test script"))
        {
            await client.GetProcessListAsync();
            Assert.NotNull(caller);
            Assert.Contains((ActivityTraceId?)caller.TraceId, agent.Fake.TraceIds);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task RemoteCall_WithoutCallerActivity_StartsNoActivityOnTheAgent()
    {
        using var listener = ListenToAll();
        await using var agent = await AgentHarness.StartAsync(new InMemoryTransport(), new Uri($"memory://trace-{Guid.NewGuid():N}"));
        var client = await agent.ClientAsync();
        Activity.Current = null;

        await client.GetProcessListAsync();

        Assert.Equal([null], agent.Fake.TraceIds);
    }

    private static ActivityListener ListenToAll()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
