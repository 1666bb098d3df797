// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;
using Wtt.Core.Tests.Contracts;

namespace Wtt.Core.Tests.InMemory;

public sealed class InMemoryWttMachineTests
{
    [Fact(Timeout = 10_000)]
    public async Task Attach_ComposesThePartsOnOneClock_AndDisposeDetaches()
    {
        var time = new FakeTimeProvider();
        var machine = new InMemoryWttMachine(time, capacity: 8);
        var id = machine.Table.Add(new ProcessRecord(WttProcessId.New()) { Kind = ProcessKind.WttBased, Status = ProcessStatus.Running }).Id;
        var process = (InMemoryProcess)await machine.Launcher.StartAsync(new ProcessLaunchRequest(new ProcessStartSpec("app"), id, WttProcessId.Nil, WttProcessId.Nil));

        var context = machine.Attach(process);
        await context.ReportInitializedAsync();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(machine.Table.TryGet(id, out var row));
        Assert.Equal((ProcessStatus.Initialized, (DateTimeOffset?)time.GetUtcNow()), (row.Status, row.LastHeartbeat));
        Assert.Equal(8, machine.Table.Capacity);

        await machine.DisposeAsync();
        await context.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        WttAssert.Throws(WttErrorCode.Closed, () => machine.Table.List());
    }

    [Fact(Timeout = 10_000)]
    public async Task Attach_NoRow_ThrowsUnknownProcess()
    {
        await using var machine = new InMemoryWttMachine(new FakeTimeProvider());
        var process = (InMemoryProcess)await machine.Launcher.StartAsync(new ProcessLaunchRequest(new ProcessStartSpec("app"), WttProcessId.New(), WttProcessId.Nil, WttProcessId.Nil));
        WttAssert.Throws(WttErrorCode.UnknownProcess, () => machine.Attach(process));
    }
}
