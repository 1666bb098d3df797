// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Tests.Contracts;

namespace Wtt.Core.Tests.InMemory;

public sealed class InMemoryProcessStateStoreTests : ProcessStateStoreContractTests
{
    [Fact(Timeout = 10_000)]
    public async Task Output_FollowBeforeTheFolderExists_WaitsForIt()
    {
        var id = WttProcessId.New();
        var store = (InMemoryProcessStateStore)Store;
        var first = new TaskCompletionSource<string>();
        var follow = Task.Run(async () =>
        {
            await foreach (var chunk in store.ReadOutputAsync(id, true, follow: true))
            {
                first.TrySetResult(chunk.Text());
            }
        });

        Assert.Null(await store.ReadAsync(id));
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "hi"u8.ToArray());
        Assert.Equal("hi", await first.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await store.CompleteOutputAsync(id);
        await follow.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([id], store.GetIds());
    }

    [Fact(Timeout = 10_000)]
    public async Task Output_Deleted_EndsFollowers()
    {
        var id = WttProcessId.New();
        await Store.AppendOutputAsync(id, OutputSource.StandardOutput, "x"u8.ToArray());
        var got = new TaskCompletionSource();
        var follow = Task.Run(async () =>
        {
            await foreach (var unused in Store.ReadOutputAsync(id, true, follow: true))
            {
                got.TrySetResult();
            }
        });

        await got.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Store.DeleteAsync(id);
        await follow.WaitAsync(TimeSpan.FromSeconds(10));
    }

    protected override IProcessStateStore CreateStore(TimeProvider time) => new InMemoryProcessStateStore(time);
}
