// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Client;

public sealed class CancelledCallTests
{
    [Fact(Timeout = 10_000)]
    public async Task Wait_CallerCancelsAndAgentNeverAcknowledges_EndsAtTheCallersCancellation()
    {
        var fake = new ScriptedWttClient { BlockWaits = true, IgnoreCancellation = true };
        await using var agent = await AgentHarness.StartAsync(new InMemoryTransport(), new Uri("memory://cancel-unacknowledged"), fake: fake);
        var client = await agent.ClientAsync();
        using var caller = new CancellationTokenSource();

        var call = client.WaitAsync(ProcessSet.Of(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine)), WaitOptions.AllExited, caller.Token).AsTask();
        await fake.WaitStarted.Task;
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        fake.ReleaseWaits.TrySetResult();
    }
}
