// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.State;

/// <summary>The store keeps its last parse of a document; a read must still see every write, from any writer.</summary>
public sealed class FolderProcessStateStoreReadCacheTests : IDisposable
{
    private readonly TempStateRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Read_Unchanged_ReturnsTheSameDocumentWithoutParsingAgain()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.UpdateAsync(id, d => d with { FileName = "/bin/true" });

        var first = await store.ReadAsync(id);
        var second = await store.ReadAsync(id);

        Assert.Equal("/bin/true", first!.FileName);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task Read_AfterOwnWrite_ReturnsTheWrittenDocumentWithoutParsing_AndUntouchedByTheCallersLists()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        var arguments = new List<string> { "a" };
        var comments = new List<string> { "starting" };
        var written = await store.UpdateAsync(id, d => d with { Arguments = arguments, Threads = [new ThreadInfo("main") { Comments = comments }] });

        // The caller goes on changing the lists it passed in: what was written (and what reads return) does not change.
        arguments.Add("b");
        comments.Add("working");
        var first = await store.ReadAsync(id);
        var second = await store.ReadAsync(id);

        Assert.Same(first, second);
        Assert.Equal(["a"], first!.Arguments);
        Assert.Equal(["starting"], first.Threads[0].Comments);
        Assert.Equal(written.UpdatedAt, first.UpdatedAt);
        Assert.Equal(["a"], (await _root.Create().ReadAsync(id))!.Arguments);
    }

    [Fact]
    public async Task Read_AfterAWriteOfTheSameSizeAtTheSameTimeByAnotherStore_SeesTheWrite()
    {
        // A frozen clock and a change of one digit: the new file has the same size and the same stamps as the old.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero));
        var reader = _root.Create(time);
        var writer = _root.Create(time);
        var id = WttProcessId.New();
        await writer.UpdateAsync(id, d => d with { ExitCode = 1 });
        Assert.Equal(1, (await reader.ReadAsync(id))!.ExitCode);

        await writer.UpdateAsync(id, d => d with { ExitCode = 2 });

        Assert.Equal(2, (await reader.ReadAsync(id))!.ExitCode);
    }

    [Theory]
    [InlineData(8192)]
    [InlineData(8193)]
    [InlineData(100_000)]
    [InlineData(2_000_000)]
    public async Task Read_ByAnotherStore_ADocumentLargerThanTheFirstReadBuffer_ReadsItWhole(int documentBytes)
    {
        // The reader's first buffer holds 8 KiB: these documents fill it exactly, pass it by a byte, need it grown, and
        // are too large for their parse to be kept. A frozen clock keeps the document's length from one write to the next.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 7, 0, 0, TimeSpan.Zero));
        var writer = _root.Create(time);
        var id = WttProcessId.New();
        var arguments = Enumerable.Range(0, documentBytes / 120).Select(i => $"{i:D8}".PadRight(90, 'x')).ToList();
        await writer.UpdateAsync(id, d => d with { Arguments = arguments });
        var file = StateFolder.Of(writer.RootFolder, id).Document;
        arguments[^1] += new string('y', documentBytes - (int)new FileInfo(file).Length);
        await writer.UpdateAsync(id, d => d with { Arguments = arguments });
        Assert.Equal(documentBytes, new FileInfo(file).Length);
        var reader = _root.Create(time);

        var read = await reader.ReadAsync(id);
        var again = await reader.ReadAsync(id);

        Assert.Equal(arguments, read!.Arguments);
        Assert.Equal(arguments, again!.Arguments);
    }

    [Fact]
    public async Task Read_AfterTheFolderIsDeletedByAnotherStore_ReturnsNull()
    {
        var reader = _root.Create();
        var writer = _root.Create();
        var id = WttProcessId.New();
        await writer.UpdateAsync(id, d => d with { FileName = "/bin/true" });
        Assert.NotNull(await reader.ReadAsync(id));

        Assert.True(await writer.DeleteAsync(id));

        Assert.Null(await reader.ReadAsync(id));
    }

    [Fact]
    public async Task Update_StartsFromTheLatestDocumentWrittenByAnotherStore()
    {
        var first = _root.Create();
        var second = _root.Create();
        var id = WttProcessId.New();
        await first.UpdateAsync(id, d => d with { FileName = "/bin/true" });
        Assert.Equal("/bin/true", (await first.ReadAsync(id))!.FileName);
        await second.UpdateAsync(id, d => d with { FileName = "/bin/false" });

        var updated = await first.UpdateAsync(id, d => d with { ExitCode = 3 });

        Assert.Equal("/bin/false", updated.FileName);
        Assert.Equal(3, updated.ExitCode);
    }

    [Fact]
    public async Task Read_KeepsTheFileOpen_AndStillSeesAWriteOfAnotherStore()
    {
        var reader = _root.Create();
        var writer = _root.Create();
        var id = WttProcessId.New();
        await writer.UpdateAsync(id, d => d with { ExitCode = 1 });
        Assert.Equal(1, (await reader.ReadAsync(id))!.ExitCode);
        Assert.Equal(OperatingSystem.IsLinux() ? 1 : 0, reader.KeptFilesForTesting);
        Assert.Equal(1, (await reader.ReadAsync(id))!.ExitCode);

        await writer.UpdateAsync(id, d => d with { ExitCode = 2 });

        Assert.Equal(2, (await reader.ReadAsync(id))!.ExitCode);
        Assert.Equal(OperatingSystem.IsLinux() ? 1 : 0, reader.KeptFilesForTesting);
    }

    [Fact]
    public async Task Read_AFileRewrittenInPlace_SeesTheNewContent()
    {
        // Documents are replaced by a rename; a hand edit that writes the file in place changes its size, which a read sees.
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.UpdateAsync(id, d => d with { FileName = "/bin/true" });
        var file = StateFolder.Of(store.RootFolder, id).Document;
        Assert.Equal("/bin/true", (await _root.Create().ReadAsync(id))!.FileName);
        var reader = _root.Create();
        Assert.Equal("/bin/true", (await reader.ReadAsync(id))!.FileName);

        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("/bin/true", "/usr/bin/env", StringComparison.Ordinal));

        Assert.Equal("/usr/bin/env", (await reader.ReadAsync(id))!.FileName);
    }

    [Fact]
    public async Task Read_MoreDocumentsThanItKeepsOpen_KeepsAtMostTheLimit_AndReadsEachRight()
    {
        var writer = _root.Create();
        var reader = _root.Create();
        var ids = Enumerable.Range(0, 300).Select(_ => WttProcessId.New()).ToArray();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            await writer.UpdateAsync(id, d => d with { ExitCode = i });
        }

        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                Assert.Equal(i, (await reader.ReadAsync(id))!.ExitCode);
                Assert.InRange(reader.KeptFilesForTesting, 0, 128);
            }
        }

        await writer.UpdateAsync(ids[^1], d => d with { ExitCode = -1 });
        Assert.Equal(-1, (await reader.ReadAsync(ids[^1]))!.ExitCode);
    }

    [Fact]
    public async Task Read_ManyOtherDocumentsAfterTheLimit_ClosesTheFilesNoLongerRead_AndKeepsNewOnes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var writer = _root.Create();
        var reader = _root.Create();
        var ids = Enumerable.Range(0, 1200).Select(_ => WttProcessId.New()).ToArray();
        foreach (var id in ids)
        {
            await writer.CreateAsync(id, d => d with { FileName = "/bin/true" });
        }

        foreach (var id in ids[..128])
        {
            await reader.ReadAsync(id);
        }

        Assert.Equal(128, reader.KeptFilesForTesting);

        // The first 128 are not read again: a sweep closes them, and later documents are kept in their place.
        foreach (var id in ids[128..])
        {
            Assert.Equal("/bin/true", (await reader.ReadAsync(id))!.FileName);
        }

        Assert.InRange(reader.KeptFilesForTesting, 1, 127);
        Assert.Equal("/bin/true", (await reader.ReadAsync(ids[0]))!.FileName);
    }

    [Fact]
    public async Task Delete_ClosesTheFileKeptOpen()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.UpdateAsync(id, d => d with { FileName = "/bin/true" });
        await store.ReadAsync(id);
        await store.ReadAsync(id);
        Assert.Equal(OperatingSystem.IsLinux() ? 1 : 0, store.KeptFilesForTesting);

        Assert.True(await store.DeleteAsync(id));

        Assert.Equal(0, store.KeptFilesForTesting);
        Assert.Null(await store.ReadAsync(id));
    }
}
