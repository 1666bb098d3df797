// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.State;

public sealed class FolderProcessStateStoreTests : IDisposable
{
    private readonly TempStateRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Read_NoFolder_ReturnsNull()
    {
        var store = _root.Create();

        Assert.Null(await store.ReadAsync(WttProcessId.New()));
    }

    [Fact]
    public async Task Update_ThenRead_RoundTripsTheDocumentAsJsonInTheFolder()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var store = _root.Create(time);
        var id = WttProcessId.New();

        var written = await store.UpdateAsync(id, d => d with
        {
            FileName = "/bin/true",
            Arguments = ["-a", "b c"],
            Kind = ProcessKind.WttBased,
            LastStatus = ProcessStatus.Exited,
            ExitCode = 2,
            Threads = [new ThreadInfo("main") { Comments = ["step 1", "step 2"], HeartbeatTimeout = TimeSpan.FromSeconds(3) }],
            LogFiles = [new LogFileInfo("app", "/tmp/app.log")],
            Variations = [new VariationRecord("v1", VariationOutcome.Passed, TimeSpan.FromMilliseconds(5), time.GetUtcNow())],
        });
        var read = await store.ReadAsync(id);

        Assert.NotNull(read);
        Assert.Equal(time.GetUtcNow(), written.UpdatedAt);
        Assert.Equal(written.UpdatedAt, read.UpdatedAt);
        Assert.Equal(["-a", "b c"], read.Arguments);
        Assert.Equal(["step 1", "step 2"], read.Threads[0].Comments);
        Assert.Equal(TimeSpan.FromSeconds(3), read.Threads[0].HeartbeatTimeout);
        Assert.Equal(written.LogFiles, read.LogFiles);
        Assert.Equal(written.Variations, read.Variations);
        Assert.Equal(2, read.ExitCode);
        Assert.True(File.Exists(Path.Combine(_root.Path, id.ToString(), "state.json")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root.Path, id.ToString()), "*.tmp"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Update_ConcurrentFromManyThreadsAndTwoInstances_AppliesEveryChange()
    {
        var first = _root.Create();
        var second = _root.Create();
        var id = WttProcessId.New();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? first : second).UpdateAsync(id, d => d with { Arguments = [.. d.Arguments, i.ToString(System.Globalization.CultureInfo.InvariantCulture)] }))));

        var read = await first.ReadAsync(id);
        Assert.NotNull(read);
        Assert.Equal(40, read.Arguments.Count);
        Assert.Equal(40, read.Arguments.Distinct().Count());
    }

    [Fact]
    public async Task Create_NewProcess_WritesTheDocumentWithoutTheLockFile()
    {
        var store = _root.Create();
        var id = WttProcessId.New();

        var written = await store.CreateAsync(id, d => d with { FileName = "/bin/true", LastStatus = ProcessStatus.Created });

        var read = await store.ReadAsync(id);
        Assert.NotNull(read);
        Assert.Equal("/bin/true", read.FileName);
        Assert.Equal(written.UpdatedAt, read.UpdatedAt);
        Assert.Equal(["state.json"], Directory.GetFiles(Path.Combine(_root.Path, id.ToString())).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Create_MissingRootFolder_MakesIt()
    {
        var store = new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = Path.Combine(_root.Path, "not", "yet") });
        var id = WttProcessId.New();

        await store.CreateAsync(id, d => d with { FileName = "/bin/true" });

        Assert.Equal("/bin/true", (await store.ReadAsync(id))?.FileName);
    }

    [Fact]
    public async Task Create_TheProcessWroteItsDocumentFirst_AppliesTheChangeToIt()
    {
        var client = _root.Create();
        var process = _root.Create();
        var id = WttProcessId.New();
        await process.UpdateAsync(id, d => d with { LastStatus = ProcessStatus.Initialized, LogFiles = [new LogFileInfo("app", "/tmp/app.log")] });

        await client.CreateAsync(id, d => d with
        {
            FileName = "/bin/true",
            LastStatus = d.LastStatus == ProcessStatus.Unknown ? ProcessStatus.Created : d.LastStatus,
        });

        var read = await process.ReadAsync(id);
        Assert.NotNull(read);
        Assert.Equal("/bin/true", read.FileName);
        Assert.Equal(ProcessStatus.Initialized, read.LastStatus);
        Assert.Equal("app", Assert.Single(read.LogFiles).Name);
    }

    [Fact]
    public async Task Update_ACreateLandsAfterItFoundNoDocument_AppliesItsChangeToTheCreatedDocument()
    {
        var client = _root.Create();
        var process = _root.Create();
        var id = WttProcessId.New();
        var calls = 0;

        // The process's first update reads no document; before it writes, the client's first document goes in without
        // the lock. The update must not replace it: it applies its change again, to the client's document.
        await process.UpdateAsync(id, d =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                _ = client.CreateAsync(id, c => c with { FileName = "/bin/true" }).AsTask().GetAwaiter().GetResult();
            }

            return d with { LastStatus = ProcessStatus.Initialized };
        });

        Assert.Equal(2, calls);
        var read = await client.ReadAsync(id);
        Assert.NotNull(read);
        Assert.Equal("/bin/true", read.FileName);
        Assert.Equal(ProcessStatus.Initialized, read.LastStatus);
        Assert.Empty(Directory.GetFiles(Path.Combine(_root.Path, id.ToString()), "*.tmp"));
    }

    [Fact]
    public async Task Create_ChangedId_ThrowsInvalidArgument_AndMakesNoFolder()
    {
        var store = _root.Create();
        var id = WttProcessId.New();

        var error = await Assert.ThrowsAsync<WttException>(() => store.CreateAsync(id, d => d with { Id = WttProcessId.New() }).AsTask());

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
        Assert.False(Directory.Exists(Path.Combine(_root.Path, id.ToString())));
    }

    [Fact]
    public async Task Update_ChangedId_ThrowsInvalidArgument()
    {
        var store = _root.Create();

        var error = await Assert.ThrowsAsync<WttException>(() => store.UpdateAsync(WttProcessId.New(), d => d with { Id = WttProcessId.New() }).AsTask());
        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadOutput_NotFollowing_ReturnsWhatWasWrittenPerSource()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "hello "u8.ToArray());
        await store.AppendOutputAsync(id, OutputSource.StandardError, "oops"u8.ToArray());
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "world"u8.ToArray());

        var all = await ToListAsync(store.ReadOutputAsync(id, includeStandardError: true, follow: false));
        var stdout = await ToListAsync(store.ReadOutputAsync(id, includeStandardError: false, follow: false));

        Assert.Equal("hello world", Text(all, OutputSource.StandardOutput));
        Assert.Equal("oops", Text(all, OutputSource.StandardError));
        Assert.Equal("hello world", Text(stdout, OutputSource.StandardOutput));
        Assert.DoesNotContain(stdout, c => c.Source == OutputSource.StandardError);
        Assert.Equal(0, all[0].Offset);
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadOutput_ChunkIndex_KeepsAppendsApartAndSplitsBigOnes()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        var big = new byte[(64 * 1024) + 10];
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "ab"u8.ToArray());
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, big);
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "c"u8.ToArray());

        var chunks = await ToListAsync(store.ReadOutputAsync(id, includeStandardError: false, follow: false));

        Assert.Equal([0L, 2L, 2L + (64 * 1024), 2L + big.Length], chunks.Select(c => c.Offset));
        Assert.Equal([2, 64 * 1024, 10, 1], chunks.Select(c => c.Data.Length));
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadOutput_BytesPastTheChunkIndex_AreReadAsOneChunk()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "one "u8.ToArray());

        // A writer that died between the data and its index entry, or one that keeps no index.
        await File.AppendAllTextAsync(Path.Combine(store.RootFolder, id.ToString(), "stdout.log"), "two three");

        var chunks = await ToListAsync(store.ReadOutputAsync(id, includeStandardError: false, follow: false));

        Assert.Equal(["one ", "two three"], chunks.Select(c => c.Text()));
        Assert.Equal([0L, 4L], chunks.Select(c => c.Offset));
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadOutput_Following_GetsAppendsUntilComplete()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "one\n"u8.ToArray());
        var seen = new List<OutputChunk>();
        var firstSeen = new TaskCompletionSource();

        var follow = Task.Run(async () =>
        {
            await foreach (var chunk in store.ReadOutputAsync(id, includeStandardError: false, follow: true))
            {
                seen.Add(chunk);
                firstSeen.TrySetResult();
            }
        });
        await firstSeen.Task;
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "two\n"u8.ToArray());
        await store.CompleteOutputAsync(id);
        await follow;

        Assert.Equal("one\ntwo\n", Text(seen, OutputSource.StandardOutput));
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadOutput_FollowingAppendsOfAnotherInstance_GetsThemByPolling()
    {
        var reader = _root.Create();
        var writer = _root.Create();
        var id = WttProcessId.New();
        await writer.AppendOutputAsync(id, OutputSource.StandardError, "a"u8.ToArray());
        var firstSeen = new TaskCompletionSource();
        var seen = new List<OutputChunk>();

        var follow = Task.Run(async () =>
        {
            await foreach (var chunk in reader.ReadOutputAsync(id, includeStandardError: true, follow: true))
            {
                seen.Add(chunk);
                firstSeen.TrySetResult();
            }
        });
        await firstSeen.Task;
        await writer.AppendOutputAsync(id, OutputSource.StandardError, "b"u8.ToArray());
        await writer.CompleteOutputAsync(id);
        await follow;

        Assert.Equal("ab", Text(seen, OutputSource.StandardError));
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadOutput_Cancelled_Ends()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "x"u8.ToArray());
        using var cancel = new CancellationTokenSource();

        var follow = Task.Run(async () =>
        {
            await foreach (var chunk in store.ReadOutputAsync(id, includeStandardError: false, follow: true, cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow);
    }

    [Fact]
    public async Task AppendOutput_LogSource_ThrowsInvalidArgument()
    {
        var store = _root.Create();

        var error = await Assert.ThrowsAsync<WttException>(() => store.AppendOutputAsync(WttProcessId.New(), OutputSource.Log, new byte[1]).AsTask());
        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
    }

    [Fact]
    public async Task Delete_RemovesTheFolder()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.UpdateAsync(id, d => d);

        Assert.True(await store.DeleteAsync(id));
        Assert.False(await store.DeleteAsync(id));
        Assert.Null(await store.ReadAsync(id));
    }

    [Fact(Timeout = 30_000)]
    public async Task Delete_WhileThisInstanceWrites_WaitsForTheWriteThenRemovesTheFolder()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.UpdateAsync(id, d => d);
        using var changing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var update = Task.Run(async () => await store.UpdateAsync(id, d =>
        {
            changing.Set();
            release.Wait();
            return d with { ExitCode = 4 };
        }));
        changing.Wait();

        // Without the wait, the delete runs to its end in the call.
        var delete = store.DeleteAsync(id).AsTask();
        Assert.False(delete.IsCompleted);
        release.Set();

        Assert.Equal(4, (await update).ExitCode);
        Assert.True(await delete);
        Assert.Null(await store.ReadAsync(id));
    }

    [Fact]
    public async Task Cleanup_RemovesFoldersLastWrittenBeforeTheRetention()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var store = _root.Create(time);
        var old = WttProcessId.New();
        var recent = WttProcessId.New();
        await store.UpdateAsync(old, d => d);
        time.Advance(TimeSpan.FromDays(2));
        await store.AppendOutputAsync(recent, OutputSource.StandardOutput, "x"u8.ToArray());
        time.Advance(TimeSpan.FromDays(1.5));

        Assert.Equal(1, await store.CleanupAsync());

        Assert.Null(await store.ReadAsync(old));
        Assert.NotNull(await store.ReadAsync(recent));
        Assert.Equal(1, await store.CleanupAsync(TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task CleanupIfDue_RunsAtMostOncePerInterval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var store = _root.Create(time);
        await store.UpdateAsync(WttProcessId.New(), d => d);
        time.Advance(TimeSpan.FromDays(4));

        Assert.Equal(1, await store.CleanupIfDueAsync(TimeSpan.FromHours(1)));
        await store.UpdateAsync(WttProcessId.New(), d => d);
        time.Advance(TimeSpan.FromDays(4));
        Assert.Equal(0, await store.CleanupIfDueAsync(TimeSpan.FromDays(5)));
        Assert.Equal(1, await store.CleanupIfDueAsync(TimeSpan.FromHours(1)));
    }

    [Fact(Timeout = 30_000)]
    public async Task StartCleanupIfDue_RunsInTheBackgroundOncePerInterval()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var store = _root.Create(time);
        var old = WttProcessId.New();
        await store.UpdateAsync(old, d => d);
        time.Advance(TimeSpan.FromDays(4));

        await store.StartCleanupIfDue(TimeSpan.FromHours(1), CancellationToken.None);
        Assert.Null(await store.ReadAsync(old));

        // Stamped by the injected clock: not due again within the hour, by this store or another on the same folder.
        var recent = WttProcessId.New();
        await store.UpdateAsync(recent, d => d);
        time.Advance(TimeSpan.FromDays(4));
        Assert.Same(Task.CompletedTask, _root.Create(time).StartCleanupIfDue(TimeSpan.FromDays(5), CancellationToken.None));
        Assert.NotNull(await store.ReadAsync(recent));
    }

    [Fact]
    public void StartCleanupIfDue_MarkerCannotBeWritten_StartsNothing()
    {
        Directory.CreateDirectory(_root.Path);
        var file = Path.Combine(_root.Path, "a-file");
        File.WriteAllText(file, "");
        var store = new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = Path.Combine(file, "state") });

        Assert.Same(Task.CompletedTask, store.StartCleanupIfDue(TimeSpan.FromHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task Writes_WithTheSystemClock_LeaveTheFolderStampedWithTheWriteTime()
    {
        var store = _root.Create(TimeProvider.System);
        var id = WttProcessId.New();
        var folder = Path.Combine(_root.Path, id.ToString());

        // The kernel stamps a folder whose entries change by a coarse clock that may lag the precise one by a tick.
        var tick = TimeSpan.FromMilliseconds(20);
        var before = DateTime.UtcNow - tick;
        await store.UpdateAsync(id, d => d);
        Assert.InRange(Directory.GetLastWriteTimeUtc(folder), before, DateTime.UtcNow + tick);

        Directory.SetLastWriteTimeUtc(folder, before.AddDays(-1));
        before = DateTime.UtcNow - tick;
        await store.UpdateAsync(id, d => d with { ExitCode = 1 });
        Assert.InRange(Directory.GetLastWriteTimeUtc(folder), before, DateTime.UtcNow + tick);

        // An append changes no entry once the output file is there: the store stamps the folder itself.
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "a"u8.ToArray());
        Directory.SetLastWriteTimeUtc(folder, before.AddDays(-1));
        before = DateTime.UtcNow - tick;
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "b"u8.ToArray());
        Assert.InRange(Directory.GetLastWriteTimeUtc(folder), before, DateTime.UtcNow + tick);

        Directory.SetLastWriteTimeUtc(folder, before.AddDays(-1));
        before = DateTime.UtcNow - tick;
        await store.CompleteOutputAsync(id);
        Assert.InRange(Directory.GetLastWriteTimeUtc(folder), before, DateTime.UtcNow + tick);

        // Completing again makes no entry: the store stamps the folder itself.
        Directory.SetLastWriteTimeUtc(folder, before.AddDays(-1));
        before = DateTime.UtcNow - tick;
        await store.CompleteOutputAsync(id);
        Assert.InRange(Directory.GetLastWriteTimeUtc(folder), before, DateTime.UtcNow + tick);
    }

    [Fact]
    public async Task CompleteOutput_Twice_KeepsTheOutputComplete()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));
        var store = _root.Create(time);
        var id = WttProcessId.New();
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "x"u8.ToArray());

        await store.CompleteOutputAsync(id);
        time.Advance(TimeSpan.FromHours(1));
        await store.CompleteOutputAsync(id);

        Assert.Equal(time.GetUtcNow().UtcDateTime, Directory.GetLastWriteTimeUtc(Path.Combine(_root.Path, id.ToString())));
        var chunks = await ToListAsync(store.ReadOutputAsync(id, includeStandardError: false, follow: true));
        Assert.Equal("x", Text(chunks, OutputSource.StandardOutput));
    }

    [Fact(Timeout = 10_000)]
    public async Task RootDeletedAndMadeAgain_WhileTheStoreIsInUse_NewFilesGoToTheNewRoot()
    {
        // The store names new files from its root kept open: a root deleted and made again at its path is a new folder,
        // which the next write must find by the path, not through the descriptor of the deleted one.
        var store = _root.Create();
        var before = WttProcessId.New();
        await store.CreateAsync(before, d => d with { FileName = "/bin/true", LastStatus = ProcessStatus.Running });
        Directory.Delete(_root.Path, recursive: true);
        Directory.CreateDirectory(_root.Path);
        var after = WttProcessId.New();

        await store.CreateAsync(after, d => d with { FileName = "/bin/false", LastStatus = ProcessStatus.Running });
        Assert.True(store.RecordEnd(after, ProcessStatus.Exited, 1, DateTimeOffset.UnixEpoch));
        var other = WttProcessId.New();
        await store.CreateAsync(other, d => d with { FileName = "/bin/echo", LastStatus = ProcessStatus.Running });

        Assert.True(File.Exists(Path.Combine(_root.Path, after.ToString(), "state.json")));
        Assert.True(File.Exists(Path.Combine(_root.Path, after.ToString(), "complete")));
        Assert.True(File.Exists(Path.Combine(_root.Path, other.ToString(), "state.json")));
        var read = await _root.Create().ReadAsync(after);
        Assert.NotNull(read);
        Assert.Equal(ProcessStatus.Exited, read.LastStatus);
        Assert.Equal(1, read.ExitCode);
    }

    [Fact(Timeout = 10_000)]
    public async Task RecordEndBehind_BeforeItsWrite_ReadsShowTheEnd_ThenTheOutputEndsAndAnotherStoreReadsIt()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        var endedAt = new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero);
        await store.CreateAsync(id, d => d with { FileName = "/bin/true", LastStatus = ProcessStatus.Running });
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "x"u8.ToArray());
        Task<bool> written;
        using (EndWriter.Hold())
        {
            written = store.RecordEndBehind(id, ProcessStatus.Exited, 3, endedAt);

            var read = await store.ReadAsync(id);
            Assert.Equal((ProcessStatus.Exited, 3, endedAt), (read!.LastStatus, read.ExitCode, read.EndedAt));
            Assert.False(File.Exists(StateFolder.Of(store.RootFolder, id).CompleteMarker));
            Assert.False(written.IsCompleted);
        }

        // A follower of the output ends once the end is on disk.
        var chunks = await ToListAsync(store.ReadOutputAsync(id, includeStandardError: false, follow: true));
        Assert.Equal("x", Text(chunks, OutputSource.StandardOutput));
        Assert.True(await written);
        var other = await _root.Create().ReadAsync(id);
        Assert.Equal((ProcessStatus.Exited, 3, endedAt), (other!.LastStatus, other.ExitCode, other.EndedAt));
    }

    [Fact(Timeout = 10_000)]
    public async Task RecordEndBehind_DeletedBeforeItsWrite_IsDropped_AndNoFolderIsMadeAgain()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.CreateAsync(id, d => d with { FileName = "/bin/true", LastStatus = ProcessStatus.Running });
        Task<bool> written;
        using (EndWriter.Hold())
        {
            written = store.RecordEndBehind(id, ProcessStatus.Exited, 0, DateTimeOffset.UnixEpoch);
            Assert.True(await store.DeleteAsync(id));
        }

        Assert.False(await written);
        using (EndWriter.Hold())
        {
            // The writer has passed the dropped end once a later one is written.
            var later = WttProcessId.New();
            await store.CreateAsync(later, d => d with { FileName = "/bin/true" });
            written = store.RecordEndBehind(later, ProcessStatus.Exited, 0, DateTimeOffset.UnixEpoch);
        }

        Assert.True(await written);
        Assert.False(Directory.Exists(StateFolder.Of(store.RootFolder, id).Path));
        Assert.Null(await store.ReadAsync(id));
    }

    [Fact(Timeout = 10_000)]
    public async Task RecordEndBehind_Twice_KeepsTheFirstEnd()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.CreateAsync(id, d => d with { FileName = "/bin/true", LastStatus = ProcessStatus.Running });
        Task<bool> first, second;
        using (EndWriter.Hold())
        {
            first = store.RecordEndBehind(id, ProcessStatus.Exited, 1, DateTimeOffset.UnixEpoch);
            second = store.RecordEndBehind(id, ProcessStatus.Terminated, 2, DateTimeOffset.UnixEpoch);
            Assert.False(await second);
        }

        Assert.True(await first);
        Assert.False(await store.RecordEndBehind(id, ProcessStatus.Terminated, 2, DateTimeOffset.UnixEpoch));
        var read = await _root.Create().ReadAsync(id);
        Assert.Equal((ProcessStatus.Exited, 1), (read!.LastStatus, read.ExitCode));
    }

    [Fact(Timeout = 10_000)]
    public async Task RecordEnd_ThenRead_ShowsTheEnd_AndCompletesTheOutput()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        var endedAt = new DateTimeOffset(2026, 12, 4, 23, 0, 0, TimeSpan.Zero);
        await store.CreateAsync(id, d => d with { FileName = "/bin/true", LastStatus = ProcessStatus.Running });
        await store.AppendOutputAsync(id, OutputSource.StandardOutput, "x"u8.ToArray());

        Assert.True(store.RecordEnd(id, ProcessStatus.Exited, 3, endedAt));

        var read = await store.ReadAsync(id);
        Assert.NotNull(read);
        Assert.Equal("/bin/true", read.FileName);
        Assert.Equal(ProcessStatus.Exited, read.LastStatus);
        Assert.Equal(3, read.ExitCode);
        Assert.Equal(endedAt, read.EndedAt);
        var chunks = await ToListAsync(store.ReadOutputAsync(id, includeStandardError: false, follow: true));
        Assert.Equal("x", Text(chunks, OutputSource.StandardOutput));
        Assert.Empty(Directory.GetFiles(StateFolder.Of(store.RootFolder, id).Path, "*.tmp"));
    }

    [Fact]
    public async Task RecordEnd_ReadTwice_ReturnsTheSameEndedDocument_UntilAnotherStoreWritesTheDocument()
    {
        var store = _root.Create();
        var writer = _root.Create();
        var id = WttProcessId.New();
        await store.CreateAsync(id, d => d with { LastStatus = ProcessStatus.Running });
        Assert.True(store.RecordEnd(id, ProcessStatus.Terminated, null, null));

        var first = await store.ReadAsync(id);
        var second = await store.ReadAsync(id);
        Assert.Equal(ProcessStatus.Terminated, first!.LastStatus);
        if (OperatingSystem.IsLinux())
        {
            Assert.Same(first, second);
        }

        await writer.UpdateAsync(id, d => d with { ExitCode = 9 });

        var third = await store.ReadAsync(id);
        Assert.Equal(ProcessStatus.Terminated, third!.LastStatus);
        Assert.Equal(9, third.ExitCode);
    }

    [Fact]
    public async Task RecordEnd_ThenUpdate_WritesTheEndIntoTheDocument()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.CreateAsync(id, d => d with { LastStatus = ProcessStatus.Running });
        store.RecordEnd(id, ProcessStatus.Terminated, 137, DateTimeOffset.UnixEpoch);

        await store.UpdateAsync(id, d => d with { LogFiles = [new LogFileInfo("app", "/tmp/app.log")] });
        File.Delete(Path.Combine(_root.Path, id.ToString(), "complete"));

        var read = await _root.Create().ReadAsync(id);
        Assert.NotNull(read);
        Assert.Equal(ProcessStatus.Terminated, read.LastStatus);
        Assert.Equal(137, read.ExitCode);
        Assert.Equal("app", Assert.Single(read.LogFiles).Name);
    }

    [Fact]
    public async Task RecordEnd_Twice_KeepsTheFirstEnd()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.CreateAsync(id, d => d with { LastStatus = ProcessStatus.Running });

        Assert.True(store.RecordEnd(id, ProcessStatus.Exited, 0, DateTimeOffset.UnixEpoch));
        Assert.False(store.RecordEnd(id, ProcessStatus.Terminated, 9, DateTimeOffset.UnixEpoch));

        Assert.Equal(0, (await store.ReadAsync(id))?.ExitCode);
    }

    [Fact]
    public async Task Read_DocumentThatHasAnEnd_IsNotChangedByTheMarker()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.UpdateAsync(id, d => d with { LastStatus = ProcessStatus.Exited, ExitCode = 1 });
        store.RecordEnd(id, ProcessStatus.Terminated, 9, DateTimeOffset.UnixEpoch);

        var read = await store.ReadAsync(id);

        Assert.Equal(ProcessStatus.Exited, read?.LastStatus);
        Assert.Equal(1, read?.ExitCode);
    }

    [Fact]
    public async Task Read_OutputCompletedWithoutAnEnd_LeavesTheStatus()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.UpdateAsync(id, d => d with { LastStatus = ProcessStatus.Running });

        await store.CompleteOutputAsync(id);

        Assert.Equal(ProcessStatus.Running, (await store.ReadAsync(id))?.LastStatus);
    }

    [Fact]
    public async Task Read_EndRecordNotJson_ThrowsNamingTheFile()
    {
        var store = _root.Create();
        var id = WttProcessId.New();
        await store.UpdateAsync(id, d => d with { LastStatus = ProcessStatus.Running });
        await File.WriteAllTextAsync(Path.Combine(_root.Path, id.ToString(), "complete"), "{not json");

        var error = await Assert.ThrowsAsync<WttException>(() => store.ReadAsync(id).AsTask());

        Assert.Contains("complete", error.Message, StringComparison.Ordinal);
        Assert.Contains("delete the state folder", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<OutputChunk>> ToListAsync(IAsyncEnumerable<OutputChunk> chunks)
    {
        var list = new List<OutputChunk>();
        await foreach (var chunk in chunks)
        {
            list.Add(chunk);
        }

        return list;
    }

    private static string Text(IEnumerable<OutputChunk> chunks, OutputSource source)
        => string.Concat(chunks.Where(c => c.Source == source).Select(c => Encoding.UTF8.GetString(c.Data.Span)));
}
