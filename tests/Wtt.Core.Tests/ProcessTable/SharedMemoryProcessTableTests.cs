// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core.Tests.ProcessTable;

public sealed class SharedMemoryProcessTableTests : IDisposable
{
    private readonly TempTableFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TryUpdateWithoutWaiting_FreeRow_WritesIt_AndAGoneRowIsLeftToUpdate()
    {
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id) { Status = ProcessStatus.Running });

        Assert.True(table.TryUpdateWithoutWaiting(id, row => row with { Status = ProcessStatus.Exited, ExitCode = 2 }));
        Assert.True(table.TryGet(id, out var read));
        Assert.Equal((ProcessStatus.Exited, 2), (read.Status, read.ExitCode));

        table.Remove(id);
        Assert.False(table.TryUpdateWithoutWaiting(id, row => throw new InvalidOperationException("A gone row is not changed.")));
    }

    [Fact(Timeout = 10_000)]
    public async Task TryUpdateWithoutWaiting_RowUnknownToThisOpening_WhileAnotherRowIsMidWrite_DoesNotWait()
    {
        await using var holder = _folder.Open();
        await using var table = _folder.Open();
        var busy = WttProcessId.New();
        table.Add(new ProcessRecord(busy) { Status = ProcessStatus.Running });

        // Added by the other opening: this one's index does not know it, and bringing the index up to date would read
        // the row that is left mid-write.
        var added = WttProcessId.New();
        holder.Add(new ProcessRecord(added) { Status = ProcessStatus.Running });
        holder.HoldRowLockMidWriteForTesting(busy);

        Assert.False(table.TryUpdateWithoutWaiting(added, row => row with { Status = ProcessStatus.Exited }));
    }

    [Fact(Timeout = 10_000)]
    public async Task TryUpdateWithoutWaiting_RowHeldMidWriteByAnotherOpening_WritesNothingAndDoesNotWait()
    {
        await using var holder = _folder.Open();
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id) { Status = ProcessStatus.Running });
        holder.HoldRowLockMidWriteForTesting(id); // the lock word names a live owner, as a stopped writer's would

        Assert.False(table.TryUpdateWithoutWaiting(id, row => row with { Status = ProcessStatus.Exited }));
        Assert.NotEqual(0, table.ReadLockWordsForTesting(id).Row);
    }

    [Fact]
    public async Task Add_FullRecord_ReadsBackEveryField()
    {
        await using var table = _folder.Open();
        var record = new ProcessRecord(WttProcessId.New())
        {
            ParentId = WttProcessId.New(),
            GroupId = WttProcessId.New(),
            InvokedFrom = "lab-машина-1",
            Machine = "target",
            Pid = 4242,
            ProcessStartTime = 987654321,
            Kind = ProcessKind.WttBased,
            Status = ProcessStatus.Initialized,
            ExitCode = -3,
            CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            LastHeartbeat = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero),
            DebugTimeout = Timeout.InfiniteTimeSpan,
            ThreadCount = 7,
            EventWord = 2,
            EventSequence = 9,
        };

        var stored = table.Add(record);

        Assert.True(table.TryGet(record.Id, out var read));
        Assert.Equal(stored, read);
        Assert.Equal(record with { Version = read.Version }, read);
    }

    [Fact]
    public async Task Add_NullNamesAndNoExitCode_StayNull()
    {
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id) { InvokedFrom = string.Empty });

        Assert.True(table.TryGet(id, out var read));
        Assert.Equal(string.Empty, read.InvokedFrom);
        Assert.Null(read.Machine);
        Assert.Null(read.ExitCode);
        Assert.Null(read.LastHeartbeat);
    }

    [Fact]
    public async Task Add_DuplicateId_ThrowsDuplicateId()
    {
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id));

        var error = Assert.Throws<WttException>(() => table.Add(new ProcessRecord(id)));
        Assert.Equal(WttErrorCode.DuplicateId, error.ErrorCode);
    }

    [Fact]
    public async Task Add_NilIdOrLongMachineName_ThrowsInvalidArgument()
    {
        await using var table = _folder.Open();

        Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(() => table.Add(new ProcessRecord(WttProcessId.Nil))).ErrorCode);
        var longName = new string('x', ProcessRecord.MaxMachineNameBytes + 1);
        Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(() => table.Add(new ProcessRecord(WttProcessId.New()) { Machine = longName })).ErrorCode);
    }

    [Fact]
    public async Task Add_TableFull_ThrowsTableFull()
    {
        await using var table = _folder.Open(capacity: 2);
        table.Add(new ProcessRecord(WttProcessId.New()));
        table.Add(new ProcessRecord(WttProcessId.New()));

        var error = Assert.Throws<WttException>(() => table.Add(new ProcessRecord(WttProcessId.New())));
        Assert.Equal(WttErrorCode.TableFull, error.ErrorCode);
    }

    [Fact]
    public async Task Add_AfterRemoveInFullTable_ReusesTheRow()
    {
        await using var table = _folder.Open(capacity: 1);
        var first = WttProcessId.New();
        table.Add(new ProcessRecord(first));
        Assert.True(table.Remove(first));

        var second = WttProcessId.New();
        table.Add(new ProcessRecord(second));

        Assert.False(table.TryGet(first, out _));
        Assert.True(table.TryGet(second, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65537)]
    public void Open_CapacityOutOfRange_ThrowsInvalidArgument(int capacity)
    {
        var error = Assert.Throws<WttException>(() => _folder.Open(capacity));
        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
    }

    [Fact]
    public async Task Open_MaxCapacity_Works()
    {
        await using var table = _folder.Open(SharedMemoryProcessTableOptions.MaxCapacity);
        Assert.Equal(SharedMemoryProcessTableOptions.MaxCapacity, table.Capacity);
    }

    [Fact]
    public async Task Update_ChangesFields_BumpsVersionAndCounter()
    {
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        var added = table.Add(new ProcessRecord(id) { Status = ProcessStatus.Created });
        var counter = table.ChangeCounter;

        var updated = table.Update(id, r => r with { Status = ProcessStatus.Exited, ExitCode = 3, Pid = 12 });

        Assert.Equal(ProcessStatus.Exited, updated.Status);
        Assert.Equal(3, updated.ExitCode);
        Assert.Equal(12, updated.Pid);
        Assert.True(updated.Version > added.Version);
        Assert.NotEqual(counter, table.ChangeCounter);
    }

    [Fact]
    public async Task Update_KeepsConcurrentStampWhenHeartbeatUnchanged()
    {
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id));
        var beat = new DateTimeOffset(2026, 5, 5, 0, 0, 0, TimeSpan.Zero);

        table.Update(id, r =>
        {
            table.StampHeartbeat(id, beat); // A beat lands while the change is computed.
            return r with { ThreadCount = 2 };
        });

        Assert.True(table.TryGet(id, out var read));
        Assert.Equal(beat, read.LastHeartbeat);
        Assert.Equal(2, read.ThreadCount);
    }

    [Fact]
    public async Task Update_ChangedIdOrUnknown_Throws()
    {
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id));

        Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(() => table.Update(id, r => r with { Id = WttProcessId.New() })).ErrorCode);
        Assert.Equal(WttErrorCode.UnknownProcess, Assert.Throws<WttException>(() => table.Update(WttProcessId.New(), r => r)).ErrorCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task Update_ReentrantOnSameRowOrAddingInside_ThrowsInsteadOfDeadlocking()
    {
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id));

        var nested = await Task.Run(() => Assert.Throws<WttException>(() => table.Update(id, r => table.Update(id, x => x))));
        var adding = await Task.Run(() => Assert.Throws<WttException>(() => table.Update(id, r =>
        {
            table.Add(new ProcessRecord(WttProcessId.New()));
            return r;
        })));

        Assert.Equal(WttErrorCode.InvalidArgument, nested.ErrorCode);
        Assert.Equal(WttErrorCode.InvalidArgument, adding.ErrorCode);
        Assert.Equal(4, table.Update(id, r => r with { ThreadCount = 4 }).ThreadCount);
    }

    [Fact]
    public async Task LockFreeWrites_SetFieldsAndBumpVersion()
    {
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        var added = table.Add(new ProcessRecord(id));
        var beat = new DateTimeOffset(2026, 3, 3, 3, 3, 3, TimeSpan.Zero);

        table.SetStatus(id, ProcessStatus.Initialized);
        table.StampHeartbeat(id, beat);
        var sequence = table.PostEvent(id, ProcessEventBits.Shutdown);
        table.PostEvent(id, ProcessEventBits.QueuedEvents);

        Assert.True(table.TryGet(id, out var read));
        Assert.Equal(ProcessStatus.Initialized, read.Status);
        Assert.Equal(beat, read.LastHeartbeat);
        Assert.Equal(1, sequence);
        Assert.Equal(2, read.EventSequence);
        Assert.Equal((long)(ProcessEventBits.Shutdown | ProcessEventBits.QueuedEvents), read.EventWord);
        Assert.True(read.Version >= added.Version + 4);
        Assert.Equal(ProcessEventBits.Shutdown | ProcessEventBits.QueuedEvents, table.TakeEvents(id));
        Assert.Equal(ProcessEventBits.None, table.TakeEvents(id));
    }

    [Fact]
    public async Task LockFreeWrites_UnknownId_ThrowUnknownProcess()
    {
        await using var table = _folder.Open();
        var id = WttProcessId.New();

        Assert.Equal(WttErrorCode.UnknownProcess, Assert.Throws<WttException>(() => table.SetStatus(id, ProcessStatus.Running)).ErrorCode);
        Assert.Equal(WttErrorCode.UnknownProcess, Assert.Throws<WttException>(() => table.StampHeartbeat(id, default)).ErrorCode);
        Assert.Equal(WttErrorCode.UnknownProcess, Assert.Throws<WttException>(() => table.PostEvent(id, ProcessEventBits.Shutdown)).ErrorCode);
        Assert.Equal(WttErrorCode.UnknownProcess, Assert.Throws<WttException>(() => table.TakeEvents(id)).ErrorCode);
    }

    [Fact]
    public async Task RowHandle_AfterRemoveAndReuse_ThrowsUnknownProcess()
    {
        await using var table = _folder.Open(capacity: 1);
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id));
        var handle = table.GetHandle(id);
        table.StampHeartbeat(handle, DateTimeOffset.UnixEpoch);
        table.Remove(id);
        var other = WttProcessId.New();
        table.Add(new ProcessRecord(other));

        Assert.Equal(WttErrorCode.UnknownProcess, Assert.Throws<WttException>(() => table.StampHeartbeat(handle, DateTimeOffset.UnixEpoch)).ErrorCode);
        Assert.True(table.TryGet(other, out var read));
        Assert.Null(read.LastHeartbeat);
    }

    [Fact]
    public async Task Remove_UnknownOrTwice_ReturnsFalse()
    {
        await using var table = _folder.Open();
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id));

        Assert.True(table.Remove(id));
        Assert.False(table.Remove(id));
        Assert.False(table.Remove(WttProcessId.New()));
        Assert.Empty(table.List());
    }

    [Fact]
    public async Task SecondInstance_SeesAddsUpdatesAndRemovesOfTheFirst()
    {
        await using var first = _folder.Open();
        await using var second = _folder.Open();
        var id = WttProcessId.New();
        Assert.False(second.TryGet(id, out _));

        first.Add(new ProcessRecord(id) { Pid = 5 });
        Assert.True(second.TryGet(id, out var seen));
        Assert.Equal(5, seen.Pid);

        second.SetStatus(id, ProcessStatus.Running);
        Assert.True(first.TryGet(id, out seen));
        Assert.Equal(ProcessStatus.Running, seen.Status);

        first.Remove(id);
        Assert.False(second.TryGet(id, out _));
    }

    [Fact]
    public async Task Open_ExistingFile_KeepsItsCapacity()
    {
        await using (var table = _folder.Open(capacity: 8))
        {
            table.Add(new ProcessRecord(WttProcessId.New()));
        }

        await using var reopened = _folder.Open(capacity: 100);
        Assert.Equal(8, reopened.Capacity);
        Assert.Single(reopened.List());
    }

    [Fact]
    public async Task Dispose_ThenCall_ThrowsClosed()
    {
        var table = _folder.Open();
        await table.DisposeAsync();

        Assert.Equal(WttErrorCode.Closed, Assert.Throws<WttException>(() => table.List()).ErrorCode);
    }
}
