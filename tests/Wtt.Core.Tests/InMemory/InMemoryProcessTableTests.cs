// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Tests.Contracts;

namespace Wtt.Core.Tests.InMemory;

public sealed class InMemoryProcessTableTests : ProcessTableContractTests
{
    [Fact]
    public void Add_WithoutCreationTime_StampsItFromTheClock()
    {
        var table = Create();
        Assert.Equal(Time.GetUtcNow(), table.Add(new ProcessRecord(WttProcessId.New())).CreatedAt);
    }

    [Fact]
    public void Constructor_CapacityBelowOne_ThrowsInvalidArgument()
    {
        WttAssert.Throws(WttErrorCode.InvalidArgument, () => new InMemoryProcessTable(0, Time));
        Assert.Equal(InMemoryProcessTable.DefaultCapacity, new InMemoryProcessTable().Capacity);
    }

    [Fact]
    public void Add_MachineNameTooLong_ThrowsInvalidArgument()
    {
        var record = new ProcessRecord(WttProcessId.New()) { Machine = new string('m', ProcessRecord.MaxMachineNameBytes + 1) };
        WttAssert.Throws(WttErrorCode.InvalidArgument, () => Create().Add(record));
    }

    [Fact(Timeout = 10_000)]
    public async Task Dispose_EndsPendingWaitsWithClosed()
    {
        var table = new InMemoryProcessTable(Time);
        var wait = table.WaitForChangeAsync(table.ChangeCounter, Timeout.InfiniteTimeSpan).AsTask();

        await table.DisposeAsync();

        await WttAssert.ThrowsAsync(WttErrorCode.Closed, () => wait.WaitAsync(TimeSpan.FromSeconds(10)));
        WttAssert.Throws(WttErrorCode.Closed, () => table.Add(new ProcessRecord(WttProcessId.New())));
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitForEventAsync_RowRemovedDuringTheWait_ThrowsUnknownProcess()
    {
        var table = Create();
        var row = table.Add(new ProcessRecord(WttProcessId.New()));
        var wait = table.WaitForEventAsync(row.Id, 0, Timeout.InfiniteTimeSpan).AsTask();

        table.Remove(row.Id);

        await WttAssert.ThrowsAsync(WttErrorCode.UnknownProcess, () => wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    protected override IProcessTable CreateTable(int capacity, TimeProvider time) => new InMemoryProcessTable(capacity, time);
}
