// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.State;

/// <summary>
/// A kept document read again while the machine's count of its writes has not moved is answered without a look at its
/// file: every write through a store that knows the table is still seen at once, a change by other means within
/// <see cref="FolderProcessStateStore.VersionTrust"/>.
/// </summary>
public sealed class FolderProcessStateStoreVersionTests : IAsyncLifetime
{
    private readonly TempStateRoot root = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));
    private SharedMemoryProcessTable table = null!;
    private WttProcessId id;

    public Task InitializeAsync()
    {
        table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = Path.Combine(root.Path, "table") });
        id = table.Add(new ProcessRecord(WttProcessId.New()) { Pid = Environment.ProcessId, Status = ProcessStatus.Running }).Id;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await table.DisposeAsync();
        root.Dispose();
    }

    [Fact]
    public async Task ReadStored_AWriteThroughAStoreThatKnowsTheTable_IsSeenAtOnce()
    {
        var writer = Store(withTable: true);
        var reader = Store(withTable: true);
        await writer.UpdateAsync(id, d => d with { FileName = "/bin/first" });
        Assert.Equal("/bin/first", reader.ReadStored(id)!.FileName);
        Assert.Equal("/bin/first", reader.ReadStored(id)!.FileName);

        await writer.UpdateAsync(id, d => d with { FileName = "/bin/second" });

        // The clock has not moved: only the count tells the reader its kept document is old.
        Assert.Equal("/bin/second", reader.ReadStored(id)!.FileName);
        Assert.Equal("/bin/second", reader.ReadStored(id)!.FileName);
    }

    [Fact]
    public async Task ReadStored_AChangeByAStoreWithoutTheTable_IsSeenOnceTheTrustHasPassed()
    {
        var reader = Store(withTable: true);
        await Store(withTable: true).UpdateAsync(id, d => d with { FileName = "/bin/first" });
        var kept = reader.ReadStored(id);
        Assert.Equal("/bin/first", kept!.FileName);

        await Store(withTable: false).UpdateAsync(id, d => d with { FileName = "/bin/second" });

        // Nothing moved the count: the kept document is answered, as it was, with no look at the file.
        Assert.Same(kept, reader.ReadStored(id));
        time.Advance(FolderProcessStateStore.VersionTrust);
        Assert.Equal("/bin/second", reader.ReadStored(id)!.FileName);
    }

    [Fact]
    public async Task ReadStored_AProcessNotInTheTable_ChecksTheFileEveryTime()
    {
        var other = WttProcessId.New();
        var reader = Store(withTable: true);
        await Store(withTable: true).UpdateAsync(other, d => d with { FileName = "/bin/first" });
        Assert.Equal("/bin/first", reader.ReadStored(other)!.FileName);
        Assert.Equal("/bin/first", reader.ReadStored(other)!.FileName);

        await Store(withTable: false).UpdateAsync(other, d => d with { FileName = "/bin/second" });

        Assert.Equal("/bin/second", reader.ReadStored(other)!.FileName);
    }

    [Fact]
    public async Task ReadStored_TheRowTakenByAnotherProcess_DoesNotLendItsCount()
    {
        var reader = Store(withTable: true);
        await Store(withTable: true).UpdateAsync(id, d => d with { FileName = "/bin/first" });
        Assert.Equal("/bin/first", reader.ReadStored(id)!.FileName);

        Assert.True(table.Remove(id));
        _ = table.Add(new ProcessRecord(WttProcessId.New()) { Pid = Environment.ProcessId, Status = ProcessStatus.Running });
        await Store(withTable: false).UpdateAsync(id, d => d with { FileName = "/bin/second" });

        Assert.Equal("/bin/second", reader.ReadStored(id)!.FileName);
    }

    private FolderProcessStateStore Store(bool withTable)
        => new(new FolderProcessStateStoreOptions { RootFolder = Path.Combine(root.Path, "state"), DocumentVersions = withTable ? table : null }, time);
}
