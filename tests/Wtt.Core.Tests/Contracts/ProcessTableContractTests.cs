// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.Contracts;

/// <summary>The contract of <see cref="IProcessTable"/>, written once; each implementation runs it through a subclass.</summary>
public abstract partial class ProcessTableContractTests : IAsyncLifetime
{
    private readonly List<IProcessTable> tables = [];

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var table in tables)
        {
            await table.DisposeAsync();
        }
    }

    protected abstract IProcessTable CreateTable(int capacity, TimeProvider time);

    protected IProcessTable Create(int capacity = 64)
    {
        var table = CreateTable(capacity, Time);
        tables.Add(table);
        return table;
    }

    protected static ProcessRecord Row(WttProcessId parent = default, WttProcessId group = default)
        => new(WttProcessId.New()) { ParentId = parent, GroupId = group, Status = ProcessStatus.Running, Kind = ProcessKind.WttBased };

    [Fact]
    public void Capacity_IsTheOneAskedFor()
    {
        Assert.Equal(7, Create(7).Capacity);
    }

    [Fact]
    public void Add_ThenTryGet_ReturnsTheStoredRow()
    {
        var table = Create();
        var parent = WttProcessId.New();
        var group = WttProcessId.New();
        var record = new ProcessRecord(WttProcessId.New())
        {
            ParentId = parent,
            GroupId = group,
            Machine = "lab-7",
            InvokedFrom = "lab-1",
            Pid = 1234,
            ProcessStartTime = 99,
            Kind = ProcessKind.WttBased,
            Status = ProcessStatus.Created,
            CreatedAt = Time.GetUtcNow(),
            DebugTimeout = TimeSpan.FromSeconds(12),
        };

        var stored = table.Add(record);

        Assert.True(table.TryGet(record.Id, out var read));
        Assert.Equal(stored, read);
        Assert.Equal(record with { Version = read.Version }, read);
    }

    [Fact]
    public void Add_BumpsChangeCounter()
    {
        var table = Create();
        var before = table.ChangeCounter;
        table.Add(Row());
        Assert.NotEqual(before, table.ChangeCounter);
    }

    [Fact]
    public void Add_NilId_ThrowsInvalidArgument()
    {
        WttAssert.Throws(WttErrorCode.InvalidArgument, () => Create().Add(new ProcessRecord(WttProcessId.Nil)));
    }

    [Fact]
    public void Add_DuplicateId_ThrowsDuplicateId()
    {
        var table = Create();
        var row = table.Add(Row());
        WttAssert.Throws(WttErrorCode.DuplicateId, () => table.Add(new ProcessRecord(row.Id)));
    }

    [Fact]
    public void Add_WhenFull_ThrowsTableFullUntilARowIsRemoved()
    {
        var table = Create(capacity: 2);
        var first = table.Add(Row());
        table.Add(Row());

        WttAssert.Throws(WttErrorCode.TableFull, () => table.Add(Row()));

        Assert.True(table.Remove(first.Id));
        table.Add(Row());
        Assert.Equal(2, table.List().Count);
    }

    [Fact]
    public void TryGet_UnknownOrNil_ReturnsFalse()
    {
        var table = Create();
        Assert.False(table.TryGet(WttProcessId.New(), out _));
        Assert.False(table.TryGet(WttProcessId.Nil, out _));
    }

    [Fact]
    public void Update_ChangesSeveralFields_AndBumpsVersion()
    {
        var table = Create();
        var row = table.Add(Row());

        var stored = table.Update(row.Id, r => r with { Pid = 42, ProcessStartTime = 7, Status = ProcessStatus.Initialized, ExitCode = 3 });

        Assert.True(table.TryGet(row.Id, out var read));
        Assert.Equal(stored, read);
        Assert.Equal((42, 7L, ProcessStatus.Initialized, (int?)3), (read.Pid, read.ProcessStartTime, read.Status, read.ExitCode));
        Assert.True(read.Version > row.Version);
    }

    [Fact]
    public void Update_ChangingTheId_ThrowsInvalidArgumentAndKeepsTheRow()
    {
        var table = Create();
        var row = table.Add(Row());

        WttAssert.Throws(WttErrorCode.InvalidArgument, () => table.Update(row.Id, r => r with { Id = WttProcessId.New(), Pid = 5 }));

        Assert.True(table.TryGet(row.Id, out var read));
        Assert.Equal(0, read.Pid);
        Assert.Single(table.List());
    }

    [Fact]
    public void SetStatus_WritesTheStatus_AndBumpsVersionAndCounter()
    {
        var table = Create();
        var row = table.Add(Row());
        var counter = table.ChangeCounter;

        table.SetStatus(row.Id, ProcessStatus.DebugBreak);

        Assert.True(table.TryGet(row.Id, out var read));
        Assert.Equal(ProcessStatus.DebugBreak, read.Status);
        Assert.True(read.Version > row.Version);
        Assert.NotEqual(counter, table.ChangeCounter);
    }

    [Fact]
    public void StampHeartbeat_WritesTheTime()
    {
        var table = Create();
        var row = table.Add(Row());
        Assert.Null(row.LastHeartbeat);
        var now = Time.GetUtcNow().AddSeconds(3);

        table.StampHeartbeat(row.Id, now);

        Assert.True(table.TryGet(row.Id, out var read));
        Assert.Equal(now, read.LastHeartbeat);
    }

    [Fact]
    public void PostEvent_SetsBitsAndBumpsSequence_TakeEventsReadsAndClears()
    {
        var table = Create();
        var row = table.Add(Row());

        var first = table.PostEvent(row.Id, ProcessEventBits.QueuedEvents);
        var second = table.PostEvent(row.Id, ProcessEventBits.Shutdown);

        Assert.True(second > first);
        Assert.True(table.TryGet(row.Id, out var read));
        Assert.Equal(second, read.EventSequence);
        Assert.Equal((long)(ProcessEventBits.QueuedEvents | ProcessEventBits.Shutdown), read.EventWord);

        Assert.Equal(ProcessEventBits.QueuedEvents | ProcessEventBits.Shutdown, table.TakeEvents(row.Id));
        Assert.Equal(ProcessEventBits.None, table.TakeEvents(row.Id));
        Assert.True(table.TryGet(row.Id, out read));
        Assert.Equal(0, read.EventWord);
        Assert.Equal(second, read.EventSequence);
    }

    [Fact]
    public void Remove_RemovesOnce()
    {
        var table = Create();
        var row = table.Add(Row());
        var counter = table.ChangeCounter;

        Assert.True(table.Remove(row.Id));
        Assert.NotEqual(counter, table.ChangeCounter);
        Assert.False(table.Remove(row.Id));
        Assert.False(table.Remove(WttProcessId.Nil));
        Assert.False(table.TryGet(row.Id, out _));
        Assert.Empty(table.List());
    }

    [Fact]
    public void List_ReturnsEveryRowInTheOrderAdded()
    {
        var table = Create();
        var ids = Enumerable.Range(0, 10).Select(_ => table.Add(Row()).Id).ToList();

        Assert.Equal(ids, table.List().Select(r => r.Id));
    }
}
