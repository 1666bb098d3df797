// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.Contracts;

/// <content>Captured console output.</content>
public abstract partial class ProcessStateStoreContractTests
{
    [Fact(Timeout = 20_000)]
    public async Task Output_AppendThenRead_ReturnsChunksInOrderWithOffsets()
    {
        var id = WttProcessId.New();
        await Store.AppendOutputAsync(id, OutputSource.StandardOutput, Bytes("one "));
        await Store.AppendOutputAsync(id, OutputSource.StandardError, Bytes("oops"));
        await Store.AppendOutputAsync(id, OutputSource.StandardOutput, Bytes("two"));

        var all = await ReadAllAsync(id, includeStandardError: true, follow: false);
        var stdout = await ReadAllAsync(id, includeStandardError: false, follow: false);

        Assert.Equal("one two", Text(all, OutputSource.StandardOutput));
        Assert.Equal("oops", Text(all, OutputSource.StandardError));
        Assert.All(all, c => Assert.Equal(id, c.ProcessId));
        Assert.Equal([0L, 4L], all.Where(c => c.Source == OutputSource.StandardOutput).Select(c => c.Offset));
        Assert.Equal(0L, all.Single(c => c.Source == OutputSource.StandardError).Offset);
        Assert.DoesNotContain(stdout, c => c.Source == OutputSource.StandardError);
        Assert.Equal("one two", Text(stdout, OutputSource.StandardOutput));
    }

    [Fact(Timeout = 20_000)]
    public async Task Output_Follow_ReadsAppendsAsTheyComeUntilComplete()
    {
        var id = WttProcessId.New();
        await Store.AppendOutputAsync(id, OutputSource.StandardOutput, Bytes("a"));
        var received = new List<string>();
        var gotFirst = new TaskCompletionSource();
        var gotSecond = new TaskCompletionSource();

        var follow = Task.Run(async () =>
        {
            await foreach (var chunk in Store.ReadOutputAsync(id, includeStandardError: true, follow: true))
            {
                received.Add(chunk.Text());
                (received.Count == 1 ? gotFirst : gotSecond).TrySetResult();
            }
        });

        await gotFirst.Task.WaitAsync(TestWait);
        await Store.AppendOutputAsync(id, OutputSource.StandardOutput, Bytes("b"));
        await gotSecond.Task.WaitAsync(TestWait);
        Assert.False(follow.IsCompleted);
        await Store.AppendOutputAsync(id, OutputSource.StandardError, Bytes("c"));
        await Store.CompleteOutputAsync(id);
        await follow.WaitAsync(TestWait);

        Assert.Equal(["a", "b", "c"], received);
    }

    [Fact(Timeout = 20_000)]
    public async Task Output_FollowCompletedOutput_ReturnsAllAndEnds()
    {
        var id = WttProcessId.New();
        await Store.AppendOutputAsync(id, OutputSource.StandardOutput, Bytes("x"));
        await Store.CompleteOutputAsync(id);

        Assert.Equal("x", Text(await ReadAllAsync(id, true, follow: true), OutputSource.StandardOutput));
    }

    [Fact(Timeout = 20_000)]
    public async Task Output_NoFolder_ReadsNothing()
    {
        Assert.Empty(await ReadAllAsync(WttProcessId.New(), true, follow: false));
    }
}
