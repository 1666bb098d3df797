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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Read_AWriteThroughAStoreThatKnowsTheTable_IsSeenAtOnce(bool stored)
    {
        var writer = Store(withTable: true);
        var reader = Store(withTable: true);
        await writer.UpdateAsync(id, d => d with { FileName = "/bin/first" });
        Assert.Equal("/bin/first", (await Read(reader, id, stored))!.FileName);
        Assert.Equal("/bin/first", (await Read(reader, id, stored))!.FileName);

        await writer.UpdateAsync(id, d => d with { FileName = "/bin/second" });

        // The clock has not moved: only the count tells the reader its kept document is old.
        Assert.Equal("/bin/second", (await Read(reader, id, stored))!.FileName);
        Assert.Equal("/bin/second", (await Read(reader, id, stored))!.FileName);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Read_AChangeByAStoreWithoutTheTable_IsSeenOnceTheTrustHasPassed(bool stored)
    {
        var reader = Store(withTable: true);
        await Store(withTable: true).UpdateAsync(id, d => d with { FileName = "/bin/first" });
        var kept = await Read(reader, id, stored);
        Assert.Equal("/bin/first", kept!.FileName);

        await Store(withTable: false).UpdateAsync(id, d => d with { FileName = "/bin/second" });

        // Nothing moved the count: the kept document is answered, as it was, with no look at the file.
        Assert.Same(kept, await Read(reader, id, stored));
        time.Advance(FolderProcessStateStore.VersionTrust);
        Assert.Equal("/bin/second", (await Read(reader, id, stored))!.FileName);
    }

    [Fact]
    public async Task ReadAsync_TheEndInTheMarker_IsSeenWhileTheCountStays()
    {
        var reader = Store(withTable: true);
        var writer = Store(withTable: true);
        await writer.UpdateAsync(id, d => d with { FileName = "/bin/first" });
        Assert.False((await reader.ReadAsync(id))!.LastStatus.IsEnded());

        // The end goes into the marker, which moves no count: a read that shows the end reads the marker itself.
        _ = writer.RecordEnd(id, ProcessStatus.Exited, 3, time.GetUtcNow());

        var ended = await reader.ReadAsync(id);
        Assert.Equal((ProcessStatus.Exited, 3), (ended!.LastStatus, ended.ExitCode));
        Assert.Same(ended, await reader.ReadAsync(id));
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

    [Fact]
    public async Task ReadStored_TheTableDisposed_ChecksTheFile_AndWritesStillGoIn()
    {
        var reader = Store(withTable: true);
        var writer = Store(withTable: true);
        await writer.UpdateAsync(id, d => d with { FileName = "/bin/first" });
        Assert.Equal("/bin/first", reader.ReadStored(id)!.FileName);

        await table.DisposeAsync();
        await writer.UpdateAsync(id, d => d with { FileName = "/bin/second" });
        Assert.Equal("/bin/second", reader.ReadStored(id)!.FileName);
        await Store(withTable: false).UpdateAsync(id, d => d with { FileName = "/bin/third" });

        Assert.Equal("/bin/third", reader.ReadStored(id)!.FileName);
    }

    private static async ValueTask<ProcessStateDocument?> Read(FolderProcessStateStore store, WttProcessId id, bool stored)
        => stored ? store.ReadStored(id) : await store.ReadAsync(id);

    private FolderProcessStateStore Store(bool withTable)
        => new(new FolderProcessStateStoreOptions { RootFolder = Path.Combine(root.Path, "state"), DocumentVersions = withTable ? table : null }, time);
}
