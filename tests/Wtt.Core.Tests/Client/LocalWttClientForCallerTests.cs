// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.Client;

public sealed class LocalWttClientForCallerTests
{
    [Fact(Timeout = 20_000)]
    public async Task ForCaller_AnswersForTheCallerAndParentsOnlyWhenAdopting()
    {
        await using var wtt = new InMemoryWttMachine(new FakeTimeProvider(), "unit");
        var caller = await wtt.Client.CreateProcessAsync(new ProcessStartSpec("caller") { Kind = ProcessKind.WttBased });
        var adopting = wtt.Client.ForCaller(caller.Id);
        var serving = wtt.Client.ForCaller(caller.Id, adoptsCreatedProcesses: false);

        var child = await adopting.CreateProcessAsync(new ProcessStartSpec("child"));
        var served = await serving.CreateProcessAsync(new ProcessStartSpec("served"));
        var named = await serving.CreateProcessAsync(new ProcessStartSpec("named") { ParentId = caller.Id });

        Assert.Equal(caller.Id, (await adopting.GetCurrentProcessInfoAsync())?.Id);
        Assert.Equal(caller.Id, (await serving.GetCurrentProcessInfoAsync())?.Id);
        Assert.Null(await wtt.Client.GetCurrentProcessInfoAsync());
        Assert.Equal(caller.Id, (await wtt.Client.GetProcessInfoAsync(child)).ParentId);
        Assert.True((await wtt.Client.GetProcessInfoAsync(served)).ParentId.IsNil);
        Assert.Equal(caller.Id, (await wtt.Client.GetProcessInfoAsync(named)).ParentId);
    }

    [Fact(Timeout = 20_000)]
    public async Task ForCaller_DisposingTheView_LeavesTheEngineRunning_DisposingTheEngineEndsTheView()
    {
        await using var wtt = new InMemoryWttMachine(new FakeTimeProvider(), "unit");
        var view = wtt.Client.ForCaller(WttProcessId.Nil);

        await view.DisposeAsync();
        await wtt.Client.CreateProcessAsync(new ProcessStartSpec("still-served"));
        await wtt.Client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await view.GetProcessListAsync());
    }
}
