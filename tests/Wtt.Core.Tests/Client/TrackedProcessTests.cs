// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using Wtt.Core.Tests.ProcessTable;

namespace Wtt.Core.Tests.Client;

/// <summary>
/// How a started process's end reaches the machine's table: from the thread that sees the exit, when there is no output
/// to drain and the row can be written without waiting; from the pool otherwise.
/// </summary>
public sealed class TrackedProcessTests : IDisposable
{
    private static readonly TrackedProcess.Drain Drain = new(TimeSpan.FromSeconds(5), TimeProvider.System);
    private readonly TempTableFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact(Timeout = 10_000)]
    public async Task Exit_WithoutOutput_IsInTheTableBeforeExitedCompletes()
    {
        await using var table = folder.Open();
        var id = AddRow(table);
        var process = new ObservedProcess();
        await using var tracked = TrackedProcess.Start(id, process, table, new InMemoryProcessStateStore(), Drain);

        process.Exit(new ProcessExit(3, DateTimeOffset.UtcNow), beforeExited: () => Assert.Equal((ProcessStatus.Exited, 3), Row(table, id)));

        await tracked.Ended;
        Assert.True(process.ObserverRan);
        Assert.Equal((ProcessStatus.Exited, 3), Row(table, id));
    }

    [Fact(Timeout = 10_000)]
    public async Task Dispose_ByACallerWokenByTheEndInTheTable_StillWritesTheEndToTheStateFolder()
    {
        await using var table = folder.Open();
        var id = AddRow(table);
        var state = new InMemoryProcessStateStore();
        var process = new ObservedProcess();
        var tracked = TrackedProcess.Start(id, process, table, state, Drain);
        var disposing = ValueTask.CompletedTask;

        // The dispose starts where a caller woken by the table can run: after the end is in the table, before Exited.
        process.Exit(new ProcessExit(3, DateTimeOffset.UtcNow), beforeExited: () => disposing = tracked.DisposeAsync());
        await disposing;

        var document = await state.ReadAsync(id);
        Assert.Equal((ProcessStatus.Exited, 3), (document?.LastStatus, document?.ExitCode));
        Assert.NotNull(document?.EndedAt);
    }

    [Fact(Timeout = 10_000)]
    public async Task Exit_WithOutputToDrain_IsRecordedFromThePool()
    {
        await using var table = folder.Open();
        var id = AddRow(table);
        var process = new ObservedProcess(capturing: true);
        await using var tracked = TrackedProcess.Start(id, process, table, new InMemoryProcessStateStore(), Drain);

        process.Exit(new ProcessExit(7, DateTimeOffset.UtcNow));
        process.EndOutput();

        await tracked.Ended;
        Assert.False(process.ObserverRan);
        Assert.Equal((ProcessStatus.Exited, 7), Row(table, id));
    }

    [Fact(Timeout = 10_000)]
    public async Task Exit_RowHeldByAnotherWriter_ObserverDoesNotWait_AndThePoolRecordsIt()
    {
        await using var table = folder.Open();
        var id = AddRow(table);
        var process = new ObservedProcess();
        await using var tracked = TrackedProcess.Start(id, process, table, new InMemoryProcessStateStore(), Drain);
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var writer = Task.Run(() => table.Update(id, row =>
        {
            holding.Set();
            release.Wait();
            return row with { Pid = 42 };
        }));
        holding.Wait();

        process.Exit(new ProcessExit(5, DateTimeOffset.UtcNow));

        Assert.True(process.ObserverRan);
        Assert.False(tracked.RecordedInTable.IsCompleted);
        release.Set();
        await writer;
        await tracked.Ended;
        Assert.Equal((ProcessStatus.Exited, 5), Row(table, id));
    }

    [Fact(Timeout = 10_000)]
    public async Task Exit_ObserverCannotRecord_EndedReportsTheFailure()
    {
        var table = folder.Open();
        var id = AddRow(table);
        var process = new ObservedProcess();
        var tracked = TrackedProcess.Start(id, process, table, new InMemoryProcessStateStore(), Drain);
        await table.DisposeAsync();

        process.Exit(new ProcessExit(0, DateTimeOffset.UtcNow));

        Assert.True(process.ObserverRan);
        var error = await Assert.ThrowsAsync<WttException>(() => tracked.Ended);
        Assert.Equal(WttErrorCode.Closed, error.ErrorCode);
        await tracked.RecordedInTable;
    }

    [Fact(Timeout = 10_000)]
    public async Task Exit_ReportedBeforeTheObserverWasRegistered_IsRecordedFromThePool()
    {
        await using var table = folder.Open();
        var id = AddRow(table);
        var process = new ObservedProcess();
        process.Exit(new ProcessExit(4, DateTimeOffset.UtcNow));

        await using var tracked = TrackedProcess.Start(id, process, table, new InMemoryProcessStateStore(), Drain);

        await tracked.Ended;
        Assert.False(process.ObserverRan);
        Assert.Equal((ProcessStatus.Exited, 4), Row(table, id));
    }

    [Fact(Timeout = 10_000)]
    public async Task Exit_TableOtherThanTheMachines_IsRecordedFromThePool()
    {
        var table = new InMemoryProcessTable();
        var id = AddRow(table);
        var process = new ObservedProcess();
        await using var tracked = TrackedProcess.Start(id, process, table, new InMemoryProcessStateStore(), Drain);

        process.Exit(new ProcessExit(6, DateTimeOffset.UtcNow));

        await tracked.Ended;
        Assert.False(process.ObserverRan);
        Assert.Equal((ProcessStatus.Exited, 6), Row(table, id));
    }

    [Fact(Timeout = 10_000)]
    public async Task Exit_PipesEnded_ButTheAppendsBehind_TheEndWaitsForThemPastTheDrainTimeout()
    {
        await using var table = folder.Open();
        var id = AddRow(table);
        var state = new HeldAppends();
        var process = new ObservedProcess(capturing: true);
        await using var tracked = TrackedProcess.Start(id, process, table, state, new TrackedProcess.Drain(TimeSpan.Zero, TimeProvider.System));
        process.Write("last words\n");
        await state.Held;

        // Every pipe at its end: what is left is the pump's own append, which no drain timeout (here none at all) cuts.
        process.EndOutput();
        process.Exit(new ProcessExit(0, DateTimeOffset.UtcNow));

        await Assert.ThrowsAsync<TimeoutException>(() => tracked.RecordedInTable.WaitAsync(TimeSpan.FromSeconds(1)));
        state.Release();
        await tracked.Ended;
        Assert.Equal((ProcessStatus.Exited, 0), Row(table, id));
        Assert.True(state.AppendedBeforeTheEnd);
    }

    [Fact(Timeout = 10_000)]
    public async Task Exit_PipesEnded_ButTheStateFolderTakesNoMoreWrites_TheEndGoesInAtTheAppendBound()
    {
        await using var table = folder.Open();
        var id = AddRow(table);
        var state = new HeldAppends();
        var time = new TimerWatch();
        var process = new ObservedProcess(capturing: true);
        await using var tracked = TrackedProcess.Start(id, process, table, state, new TrackedProcess.Drain(TimeSpan.Zero, time));
        process.Write("last words\n");
        await state.Held;
        process.EndOutput();
        process.Exit(new ProcessExit(0, DateTimeOffset.UtcNow));

        // The end waits for the held append on a timer of AppendBound; once that passes, it goes in without it.
        while (await time.Created.Reader.ReadAsync() != TrackedProcess.AppendBound)
        {
        }

        // The append is still held (only the test releases it) when the end reaches the table.
        time.Advance(TrackedProcess.AppendBound);
        await tracked.RecordedInTable;
        Assert.Equal((ProcessStatus.Exited, 0), Row(table, id));
        state.Release();
        await tracked.Ended;
    }

    [Fact(Timeout = 10_000)]
    public async Task Exit_PipesHeldOpen_TheEndGoesInAtTheDrainTimeout()
    {
        await using var table = folder.Open();
        var id = AddRow(table);
        var process = new ObservedProcess(capturing: true);
        await using var tracked = TrackedProcess.Start(id, process, table, new InMemoryProcessStateStore(), new TrackedProcess.Drain(TimeSpan.Zero, TimeProvider.System));

        // A descendant keeps the pipes: the end does not wait for their end.
        process.Exit(new ProcessExit(9, DateTimeOffset.UtcNow));

        await tracked.RecordedInTable;
        Assert.Equal((ProcessStatus.Exited, 9), Row(table, id));
        process.EndOutput();
        await tracked.Ended;
    }

    private static WttProcessId AddRow(IProcessTable table)
    {
        var id = WttProcessId.New();
        table.Add(new ProcessRecord(id) { Status = ProcessStatus.Running, Kind = ProcessKind.Plain });
        return id;
    }

    private static (ProcessStatus, int?) Row(IProcessTable table, WttProcessId id)
        => table.TryGet(id, out var row) ? (row.Status, row.ExitCode) : throw new InvalidOperationException("The row is gone.");

    /// <summary>A process without output whose exit is reported as the Linux launcher's is: observer first, then Exited.</summary>
    private sealed class ObservedProcess(bool capturing = false) : ILaunchedProcess, IExitObservable, IOutputEnd
    {
        private readonly TaskCompletionSource<ProcessExit> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Threading.Channels.Channel<OutputChunk> output = System.Threading.Channels.Channel.CreateUnbounded<OutputChunk>();
        private Action<ProcessExit>? observer;
        private bool reported;

        public bool ObserverRan { get; private set; }

        public int Pid => 1;

        public long StartTime => 1;

        public DateTimeOffset StartedAt => DateTimeOffset.UnixEpoch;

        public Task<ProcessExit> Exited => exited.Task;

        public IAsyncEnumerable<OutputChunk> Output => capturing ? output.Reader.ReadAllAsync() : AsyncEnumerable.Empty<OutputChunk>();

        public Task OutputEnded => capturing ? outputEnded.Task : Task.CompletedTask;

        public void Write(string text) => output.Writer.TryWrite(new OutputChunk(WttProcessId.Nil, OutputSource.StandardOutput, 0, System.Text.Encoding.UTF8.GetBytes(text)));

        public void EndOutput()
        {
            output.Writer.Complete();
            outputEnded.SetResult();
        }

        public bool TryObserveExit(Action<ProcessExit> observer)
        {
            if (reported || this.observer is not null)
            {
                return false;
            }

            this.observer = observer;
            return true;
        }

        public void Exit(ProcessExit exit, Action? beforeExited = null)
        {
            reported = true;
            if (observer is { } run)
            {
                run(exit);
                ObserverRan = true;
            }

            beforeExited?.Invoke();
            exited.SetResult(exit);
        }

        public ValueTask<bool> SendSignalAsync(PosixSignal signal, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

        public ValueTask KillTreeAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A fake clock that tells the due time of every timer created on it.</summary>
    private sealed class TimerWatch : Microsoft.Extensions.Time.Testing.FakeTimeProvider
    {
        public global::System.Threading.Channels.Channel<TimeSpan> Created { get; } = global::System.Threading.Channels.Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Created.Writer.TryWrite(dueTime);
            return timer;
        }
    }

    /// <summary>A state store whose first output append waits until the test releases it, and tells whether it finished before the end was in the document.</summary>
    private sealed class HeldAppends : IProcessStateStore
    {
        private readonly InMemoryProcessStateStore inner = new();
        private readonly TaskCompletionSource held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int appends;
        private bool ended;

        public Task Held => held.Task;

        public bool AppendedBeforeTheEnd { get; private set; }

        public void Release() => released.TrySetResult();

        public async ValueTask AppendOutputAsync(WttProcessId id, OutputSource source, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref appends) == 1)
            {
                held.TrySetResult();
                await released.Task.WaitAsync(cancellationToken);
                AppendedBeforeTheEnd = !Volatile.Read(ref ended);
            }

            await inner.AppendOutputAsync(id, source, data, cancellationToken);
        }

        public ValueTask<ProcessStateDocument> UpdateAsync(WttProcessId id, Func<ProcessStateDocument, ProcessStateDocument> change, CancellationToken cancellationToken = default)
        {
            Volatile.Write(ref ended, true);
            return inner.UpdateAsync(id, change, cancellationToken);
        }

        public ValueTask<ProcessStateDocument?> ReadAsync(WttProcessId id, CancellationToken cancellationToken = default) => inner.ReadAsync(id, cancellationToken);

        public ValueTask CompleteOutputAsync(WttProcessId id, CancellationToken cancellationToken = default) => inner.CompleteOutputAsync(id, cancellationToken);

        public IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessId id, bool includeStandardError, bool follow, CancellationToken cancellationToken = default)
            => inner.ReadOutputAsync(id, includeStandardError, follow, cancellationToken);

        public ValueTask<bool> DeleteAsync(WttProcessId id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);

        public ValueTask<int> CleanupAsync(TimeSpan retention, CancellationToken cancellationToken = default) => inner.CleanupAsync(retention, cancellationToken);
    }
}
