// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.State;

/// <summary>Where <see cref="EndWriter"/> writes an end: at once when it is alone, behind the others otherwise.</summary>
[Collection(EndWriterCollection.Name)]
public sealed class EndWriterTests : IDisposable
{
    private readonly TempStateRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact(Timeout = 10_000)]
    public async Task ALoneEnd_IsWrittenBeforeTheCallReturns()
    {
        var store = _root.Create();
        var id = await StartedAsync(store);

        var written = store.RecordEndBehind(id, ProcessStatus.Exited, 4, DateTimeOffset.UnixEpoch);

        Assert.True(written.IsCompletedSuccessfully);
        Assert.True(File.Exists(StateFolder.Of(store.RootFolder, id).CompleteMarker));
        Assert.True(await written);
    }

    [Fact(Timeout = 10_000)]
    public async Task AnEndThatComesWhileAnotherIsUnwritten_GoesBehindIt_AndTheNextLoneEndIsWrittenAtOnce()
    {
        var store = _root.Create();
        var (first, second, third) = (await StartedAsync(store), await StartedAsync(store), await StartedAsync(store));
        Task<bool> firstWritten, secondWritten;
        using (EndWriter.Hold(behindOnly: true))
        {
            using (EndWriter.Hold())
            {
                firstWritten = store.RecordEndBehind(first, ProcessStatus.Exited, 1, DateTimeOffset.UnixEpoch);
            }

            // Writes are open again, but the first end waits on the writer's thread: the second goes behind it.
            secondWritten = store.RecordEndBehind(second, ProcessStatus.Exited, 2, DateTimeOffset.UnixEpoch);
            Assert.False(firstWritten.IsCompleted);
            Assert.False(secondWritten.IsCompleted);
            Assert.False(File.Exists(StateFolder.Of(store.RootFolder, second).CompleteMarker));
        }

        Assert.True(await firstWritten);
        Assert.True(await secondWritten);

        // Both written, nothing is left unwritten: the next end is alone again.
        var thirdWritten = store.RecordEndBehind(third, ProcessStatus.Exited, 3, DateTimeOffset.UnixEpoch);
        Assert.True(thirdWritten.IsCompletedSuccessfully);
        var read = await _root.Create().ReadAsync(second);
        Assert.Equal((ProcessStatus.Exited, 2), (read!.LastStatus, read.ExitCode));
    }

    [Fact(Timeout = 10_000)]
    public async Task ALoneEnd_DuringABurst_GoesBehind()
    {
        var store = _root.Create();
        var (during, after) = (await StartedAsync(store), await StartedAsync(store));
        Task<bool> duringWritten;
        using (EndWriter.Hold(behindOnly: true))
        {
            using (EndWriter.Burst())
            {
                duringWritten = store.RecordEndBehind(during, ProcessStatus.Terminated, null, DateTimeOffset.UnixEpoch);
            }

            Assert.False(duringWritten.IsCompleted);
        }

        Assert.True(await duringWritten);
        Assert.True(store.RecordEndBehind(after, ProcessStatus.Exited, 0, DateTimeOffset.UnixEpoch).IsCompletedSuccessfully);
    }

    private static async Task<WttProcessId> StartedAsync(FolderProcessStateStore store)
    {
        var id = WttProcessId.New();
        await store.CreateAsync(id, d => d with { FileName = "/bin/true", LastStatus = ProcessStatus.Running });
        return id;
    }
}

/// <summary>Runs <see cref="EndWriterTests"/> alone: whether an end is alone depends on every end of the process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndWriterCollection
{
    public const string Name = "End writer (the process's unwritten ends)";
}
