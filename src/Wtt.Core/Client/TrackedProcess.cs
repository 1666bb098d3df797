// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core;

/// <summary>
/// A process this client started: pumps its captured output into its state folder and records its end in
/// the table (status, exit code) and the state document.
/// </summary>
/// <remarks>
/// The end is put in the table only after the output pump has finished (both pipes at end-of-file and every
/// chunk appended to the state folder), so a caller woken by the exit reads all the output; a descendant that
/// keeps the pipes open holds the end back for at most <see cref="Drain.Timeout"/>, after which the end is
/// recorded and the pump goes on appending what the descendant still writes. Pipes that end within the timeout
/// hold the end back until the pump has appended everything (up to <see cref="AppendBound"/>), however far behind the
/// pump is.
/// </remarks>
internal sealed class TrackedProcess : IAsyncDisposable
{
    /// <summary>
    /// How long the end waits, once the pipes have ended, for the pump to append what they gave: long enough for any
    /// machine under load; only a state folder that takes no more writes (a hung disk) lets the end through first.
    /// </summary>
    internal static readonly TimeSpan AppendBound = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task pump;

    private TrackedProcess(WttProcessId id, ILaunchedProcess process, IProcessStateStore state)
    {
        Id = id;
        Process = process;
        pump = PumpOutputAsync(state);
    }

    public WttProcessId Id { get; }

    public ILaunchedProcess Process { get; }

    /// <summary>Gets a task that completes once the end is recorded in the table, the output and the state document.</summary>
    public Task<ProcessExit> Ended { get; private set; } = null!;

    /// <summary>Gets a task that completes as soon as the end is recorded in the table (or the row is gone).</summary>
    public Task RecordedInTable => recorded.Task;

    public static TrackedProcess Start(WttProcessId id, ILaunchedProcess process, IProcessTable table, IProcessStateStore state, Drain drain)
    {
        var tracked = new TrackedProcess(id, process, state);

        // Without output to drain (none captured), the end goes in the machine's table on the thread that sees the exit
        // when it can without waiting: the callers it wakes need no hop to the thread pool first (a wait would otherwise
        // wake two threads one after the other). The state folder's writes stay on the pool.
        if (tracked.pump.IsCompleted && table is SharedMemoryProcessTable shared && process is IExitObservable observable)
        {
            _ = observable.TryObserveExit(exit => tracked.TryRecordWithoutWaiting(shared, exit));
        }

        tracked.Ended = tracked.RecordEndAsync(table, state, drain);
        return tracked;
    }

    public async ValueTask DisposeAsync()
    {
        // An end already in the table, with its output all pumped, is finished first, state folder included: a caller
        // woken by the end in the table (the one disposing, perhaps) then finds it in the state folder too. Nothing in
        // that waits on the process, whose exit was seen and whose output has ended.
        if (recorded.Task.IsCompleted && pump.IsCompleted)
        {
            await ((Task)Ended).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await Process.DisposeAsync().ConfigureAwait(false);

        // An end being recorded finishes its writes to the state folder before the engine is gone, so nothing writes
        // there after its owner disposed it (and, say, deleted the folder); a process still running has no end to wait for.
        if (Process.Exited.IsCompleted)
        {
            await ((Task)Ended).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task PumpOutputAsync(IProcessStateStore state)
    {
        try
        {
            await foreach (var chunk in Process.Output.WithCancellation(stop.Token).ConfigureAwait(false))
            {
                await state.AppendOutputAsync(Id, chunk.Source, chunk.Data, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task<ProcessExit> RecordEndAsync(IProcessTable table, IProcessStateStore state, Drain drain)
    {
        var exit = await Process.Exited.ConfigureAwait(false);
        var status = StatusOf(exit);
        // A descendant that holds the pipes open does not hold the exit back for longer than the drain timeout (see the
        // remarks). Once the pipes have ended, what is left is this pump's own appends, which the end waits for on a
        // machine under load too (up to AppendBound, for a state folder that takes nothing more: a hung disk): the
        // drain timeout is for descendants, not for Wtt's own work. A pump that failed is reported below, after the end
        // is recorded.
        if (!pump.IsCompleted)
        {
            using var bound = new CancellationTokenSource();
            var pipesEnded = Process is IOutputEnd output ? output.OutputEnded : pump;
            if (await Task.WhenAny(pump, pipesEnded, Task.Delay(drain.Timeout, drain.Time, bound.Token)).ConfigureAwait(false) == pipesEnded)
            {
                _ = await Task.WhenAny(pump, Task.Delay(AppendBound, drain.Time, bound.Token)).ConfigureAwait(false);
            }

            await bound.CancelAsync().ConfigureAwait(false);
        }

        if (!recorded.Task.IsCompleted)
        {
            RecordInTable(table, exit);
        }

        await pump.ConfigureAwait(false);
        if (!stop.IsCancellationRequested)
        {
            if (state is FolderProcessStateStore folders)
            {
                // One new file holds the end and completes the output (the document shows it from then on), written
                // behind the burst of exits it may be part of; the store answers for it meanwhile.
                _ = await folders.RecordEndBehind(Id, status, exit.ExitCode, exit.ExitedAt).ConfigureAwait(false);
            }
            else
            {
                await state.CompleteOutputAsync(Id).ConfigureAwait(false);
                await state.UpdateAsync(Id, doc => doc with { LastStatus = status, ExitCode = exit.ExitCode, EndedAt = exit.ExitedAt }).ConfigureAwait(false);
            }
        }

        return exit;
    }

    private static ProcessStatus StatusOf(ProcessExit exit) => exit.WasSignaled ? ProcessStatus.Terminated : ProcessStatus.Exited;

    private static Func<ProcessRecord, ProcessRecord> Ending(ProcessExit exit)
        => row => row with { Status = StatusOf(exit), ExitCode = exit.ExitCode };

    /// <summary>Puts the end in the table (when the row is still there), then marks it recorded even if that failed.</summary>
    private void RecordInTable(IProcessTable table, ProcessExit exit)
    {
        try
        {
            if (table.TryGet(Id, out _))
            {
                table.Update(Id, Ending(exit));
            }
        }
        finally
        {
            recorded.TrySetResult();
        }
    }

    /// <summary>
    /// Records the end in the table from the thread that reports every exit, which must neither wait for another
    /// process nor throw: a row that cannot be written at once, or a failure, is left for <see cref="RecordEndAsync"/>
    /// on the pool, which records the end then (and reports a failure through <see cref="Ended"/>).
    /// </summary>
    private void TryRecordWithoutWaiting(SharedMemoryProcessTable table, ProcessExit exit)
    {
        try
        {
            if (table.TryUpdateWithoutWaiting(Id, Ending(exit)))
            {
                recorded.TrySetResult();
            }
        }
        catch (Exception)
        {
            // Not recorded: the pool's RecordEndAsync tries again and reports the failure.
        }
    }

    /// <summary>How long an end waits for the output to drain, by which clock.</summary>
    /// <param name="Timeout">The bound.</param>
    /// <param name="Time">The clock.</param>
    internal readonly record struct Drain(TimeSpan Timeout, TimeProvider Time);
}
