// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.Contracts;

/// <summary>The contract of <see cref="IProcessStateStore"/>, written once; each implementation runs it through a subclass.</summary>
public abstract partial class ProcessStateStoreContractTests
{
    private static readonly TimeSpan TestWait = TimeSpan.FromSeconds(20);
    private readonly Lazy<IProcessStateStore> store;

    protected ProcessStateStoreContractTests()
    {
        store = new(() => CreateStore(Time));
    }

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

    protected IProcessStateStore Store => store.Value;

    protected abstract IProcessStateStore CreateStore(TimeProvider time);

    [Fact(Timeout = 20_000)]
    public async Task Read_NoFolder_ReturnsNull()
    {
        Assert.Null(await Store.ReadAsync(WttProcessId.New()));
    }

    [Fact(Timeout = 20_000)]
    public async Task Update_CreatesTheDocument_ThenReadReturnsIt()
    {
        var id = WttProcessId.New();
        var variation = new VariationRecord("v1", VariationOutcome.Passed, TimeSpan.FromSeconds(2), Time.GetUtcNow());

        var written = await Store.UpdateAsync(id, d => d with
        {
            FileName = "/bin/server",
            Arguments = ["--port", "1"],
            Kind = ProcessKind.WttBased,
            LastStatus = ProcessStatus.Initialized,
            Variations = [variation],
            LogFiles = [new LogFileInfo("server.log", "/tmp/server.log")],
            Threads = [new ThreadInfo("main") { Comments = ["a", "b"], HeartbeatTimeout = TimeSpan.FromSeconds(5) }],
        });

        var read = await Store.ReadAsync(id);
        Assert.NotNull(read);
        Assert.Equal(id, read.Id);
        Assert.Equal("/bin/server", read.FileName);
        Assert.Equal(["--port", "1"], read.Arguments);
        Assert.Equal(ProcessStatus.Initialized, read.LastStatus);
        Assert.Equal(variation, Assert.Single(read.Variations));
        Assert.Equal("server.log", Assert.Single(read.LogFiles).Name);
        Assert.Equal(["a", "b"], Assert.Single(read.Threads).Comments);
        Assert.Equal(Time.GetUtcNow(), read.UpdatedAt);
        Assert.Equal(written.UpdatedAt, read.UpdatedAt);
    }

    [Fact(Timeout = 20_000)]
    public async Task Update_SeesTheLastDocument_AndStampsUpdatedAt()
    {
        var id = WttProcessId.New();
        await Store.UpdateAsync(id, d => d with { FileName = "a" });
        Time.Advance(TimeSpan.FromMinutes(1));

        await Store.UpdateAsync(id, d =>
        {
            Assert.Equal("a", d.FileName);
            return d with { ExitCode = 4 };
        });

        var read = await Store.ReadAsync(id);
        Assert.Equal(("a", (int?)4, Time.GetUtcNow()), (read!.FileName, read.ExitCode, read.UpdatedAt));
    }

    [Fact(Timeout = 30_000)]
    public async Task Update_ConcurrentFromManyTasks_LosesNothing()
    {
        const int Tasks = 16;
        const int Each = 25;
        var id = WttProcessId.New();

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < Each; i++)
            {
                var record = new VariationRecord($"t{t}-{i}", VariationOutcome.Passed, TimeSpan.Zero, DateTimeOffset.UnixEpoch);
                await Store.UpdateAsync(id, d => d with { Variations = [.. d.Variations, record] });
            }
        }))).WaitAsync(TestWait);

        var read = await Store.ReadAsync(id);
        Assert.Equal(Tasks * Each, read!.Variations.Count);
        Assert.Equal(Tasks * Each, read.Variations.Select(v => v.Name).Distinct().Count());
        for (var t = 0; t < Tasks; t++)
        {
            Assert.Equal(Enumerable.Range(0, Each).Select(i => $"t{t}-{i}"), read.Variations.Where(v => v.Name.StartsWith($"t{t}-", StringComparison.Ordinal)).Select(v => v.Name));
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task Delete_RemovesTheFolder_Once()
    {
        var id = WttProcessId.New();
        await Store.UpdateAsync(id, d => d with { FileName = "x" });
        await Store.AppendOutputAsync(id, OutputSource.StandardOutput, Bytes("x"));

        Assert.True(await Store.DeleteAsync(id));
        Assert.Null(await Store.ReadAsync(id));
        Assert.Empty(await ReadAllAsync(id, true, follow: false));
        Assert.False(await Store.DeleteAsync(id));
    }

    [Fact(Timeout = 20_000)]
    public async Task Cleanup_DeletesOnlyFoldersOlderThanTheRetention()
    {
        var old = WttProcessId.New();
        var touched = WttProcessId.New();
        var young = WttProcessId.New();
        await Store.UpdateAsync(old, d => d with { FileName = "old" });
        await Store.UpdateAsync(touched, d => d with { FileName = "touched" });
        Time.Advance(TimeSpan.FromDays(2));
        await Store.AppendOutputAsync(touched, OutputSource.StandardOutput, Bytes("still here"));
        await Store.UpdateAsync(young, d => d with { FileName = "young" });
        Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.Equal(1, await Store.CleanupAsync(TimeSpan.FromDays(3)));

        Assert.Null(await Store.ReadAsync(old));
        Assert.NotNull(await Store.ReadAsync(touched));
        Assert.NotNull(await Store.ReadAsync(young));
        Assert.Equal(0, await Store.CleanupAsync(TimeSpan.FromDays(3)));
        Assert.Equal(2, await Store.CleanupAsync(TimeSpan.Zero));
    }

    [Fact(Timeout = 20_000)]
    public async Task Cleanup_NegativeRetention_ThrowsInvalidArgument()
    {
        await WttAssert.ThrowsAsync(WttErrorCode.InvalidArgument, async () => await Store.CleanupAsync(TimeSpan.FromDays(-1)));
    }

    [Fact(Timeout = 20_000)]
    public async Task Update_NilId_ThrowsInvalidArgument()
    {
        await WttAssert.ThrowsAsync(WttErrorCode.InvalidArgument, async () => await Store.UpdateAsync(WttProcessId.Nil, d => d));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(IEnumerable<OutputChunk> chunks, OutputSource source)
        => string.Concat(chunks.Where(c => c.Source == source).Select(c => c.Text()));

    private async Task<List<OutputChunk>> ReadAllAsync(WttProcessId id, bool includeStandardError, bool follow)
    {
        using var cts = new CancellationTokenSource(TestWait);
        var list = new List<OutputChunk>();
        await foreach (var chunk in Store.ReadOutputAsync(id, includeStandardError, follow, cts.Token))
        {
            list.Add(chunk);
        }

        return list;
    }
}
