// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Wtt.Transports.Tests.Fakes;

/// <summary>An <see cref="IWttClient"/> that returns canned results, throws canned errors and records what it was asked.</summary>
public sealed class ScriptedWttClient : IWttClient
{
    private int calls;
    private int produced;

    public string MachineName { get; init; } = "agent-m";

    /// <summary>Gets the number of calls that reached this client.</summary>
    public int Calls => Volatile.Read(ref calls);

    /// <summary>Gets or sets an error every call throws.</summary>
    public WttException? Error { get; set; }

    /// <summary>Gets or sets whether waits block until cancelled.</summary>
    public bool BlockWaits { get; set; }

    /// <summary>Gets or sets whether blocked waits ignore cancellation, as an agent behind a cut network would: they end only when <see cref="ReleaseWaits"/> completes.</summary>
    public bool IgnoreCancellation { get; set; }

    /// <summary>Gets what ends the waits that ignore cancellation.</summary>
    public TaskCompletionSource ReleaseWaits { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets or sets whether opens block until cancelled.</summary>
    public bool BlockOpens { get; set; }

    public TaskCompletionSource OpenStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource OpenCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets or sets whether infos block until cancelled.</summary>
    public bool BlockInfos { get; set; }

    public TaskCompletionSource InfoStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource InfoCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource WaitCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<object?> Received { get; } = new();

    public WttProcessId NextId { get; set; } = WttProcessId.New();

    public ProcessInfo Info { get; set; } = SampleInfo(WttProcessId.New());

    public ProcessInfo? CurrentInfo { get; set; }

    public IReadOnlyList<ProcessInfo> List { get; set; } = [SampleInfo(WttProcessId.New()), SampleInfo(WttProcessId.New())];

    public SignalResult SignalResult { get; set; } = new([new SignalEntry(WttProcessId.New(), null, SignalOutcome.Delivered) { Status = ProcessStatus.Running }]);

    public WaitResult WaitResult { get; set; } = new(WaitOutcome.Satisfied, -1, [new WaitEntry(WttProcessId.New(), null, WaitEntryOutcome.Reached, ProcessStatus.Exited) { ExitCode = 3, HeartbeatAge = TimeSpan.FromSeconds(1) }]);

    public int ChunkCount { get; set; } = 50;

    public ConcurrentBag<WttProcessHandle> Issued { get; } = [];

    public static ProcessInfo SampleInfo(WttProcessId id) => new(id)
    {
        ParentId = WttProcessId.New(),
        GroupId = WttProcessId.New(),
        InvokedFrom = "caller-m",
        Kind = ProcessKind.WttBased,
        Status = ProcessStatus.Initialized,
        Pid = 4242,
        ExitCode = null,
        CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero),
        LastHeartbeat = new DateTimeOffset(2026, 1, 2, 3, 5, 0, TimeSpan.Zero),
        HeartbeatAge = TimeSpan.FromMilliseconds(1500),
        DebugTimeout = Timeout.InfiniteTimeSpan,
        FileName = "/usr/bin/server",
        Arguments = ["--port", "80"],
        Threads = [new ThreadInfo("main") { OsThreadId = 7, State = "S", Comments = ["listening", "accepting"], HeartbeatTimeout = TimeSpan.FromSeconds(5) }],
        LogFiles = [new LogFileInfo("main", "/var/log/server.log")],
        Variations = [new VariationRecord("v1", VariationOutcome.Passed, TimeSpan.FromSeconds(2), new DateTimeOffset(2026, 1, 2, 3, 6, 0, TimeSpan.Zero))],
    };

    public ValueTask<WttProcessHandle> CreateProcessAsync(ProcessStartSpec spec, CancellationToken cancellationToken = default)
    {
        Enter(spec);
        var handle = new WttProcessHandle(spec.Id.IsNil ? NextId : spec.Id);
        Issued.Add(handle);
        return ValueTask.FromResult(handle);
    }

    public ValueTask<WttProcessHandle> OpenProcessAsync(WttProcessId id, string? machine = null, CancellationToken cancellationToken = default)
    {
        Enter((id, machine));
        if (BlockOpens)
        {
            return BlockedAsync<WttProcessHandle>(OpenStarted, OpenCancelled, cancellationToken);
        }

        var handle = new WttProcessHandle(id, machine);
        Issued.Add(handle);
        return ValueTask.FromResult(handle);
    }

    public ValueTask<SignalResult> SignalAsync(ProcessSet processes, WttSignal signal, CancellationToken cancellationToken = default)
    {
        Enter((processes, signal));
        return ValueTask.FromResult(SignalResult);
    }

    public ValueTask<SignalResult> TerminateAsync(ProcessSet processes, TerminateOptions? options = null, CancellationToken cancellationToken = default)
    {
        Enter((processes, options));
        return ValueTask.FromResult(SignalResult);
    }

    public async ValueTask<WaitResult> WaitAsync(ProcessSet processes, WaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        Enter((processes, options));
        if (BlockWaits)
        {
            WaitStarted.TrySetResult();
            try
            {
                await (IgnoreCancellation ? ReleaseWaits.Task : Task.Delay(Timeout.Infinite, cancellationToken));
            }
            catch (OperationCanceledException)
            {
                WaitCancelled.TrySetResult();
                throw;
            }
        }

        return WaitResult;
    }

    public ValueTask<ProcessInfo> GetProcessInfoAsync(WttProcessHandle process, CancellationToken cancellationToken = default)
    {
        Enter(process);
        if (BlockInfos)
        {
            return BlockedAsync<ProcessInfo>(InfoStarted, InfoCancelled, cancellationToken);
        }

        return ValueTask.FromResult(Info with { Id = process.Id });
    }

    /// <summary>Gets or sets what <see cref="GetCurrentProcessInfoAsync"/> runs before it answers, on the caller's thread.</summary>
    public Action? DuringCurrentInfo { get; set; }

    public ValueTask<ProcessInfo?> GetCurrentProcessInfoAsync(CancellationToken cancellationToken = default)
    {
        Enter(null);
        DuringCurrentInfo?.Invoke();
        return ValueTask.FromResult(CurrentInfo);
    }

    /// <summary>Gets or sets what <see cref="GetProcessListAsync"/> runs before it answers, on the caller's thread.</summary>
    public Action? DuringList { get; set; }

    public ValueTask<IReadOnlyList<ProcessInfo>> GetProcessListAsync(ProcessListOptions? options = null, CancellationToken cancellationToken = default)
    {
        Enter(options);
        DuringList?.Invoke();
        return ValueTask.FromResult(List);
    }

    public IAsyncEnumerable<OutputChunk> TailLogAsync(WttProcessHandle process, TailOptions? options = null, CancellationToken cancellationToken = default)
    {
        Enter((process, options));
        return ChunksAsync(process.Id, OutputSource.Log, options?.LogName ?? "main", cancellationToken);
    }

    public IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessHandle process, OutputReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        Enter((process, options));
        return ChunksAsync(process.Id, OutputSource.StandardOutput, null, cancellationToken);
    }

    /// <summary>Gets or sets the bytes of each chunk; <see langword="null"/> for text lines "line i".</summary>
    public int? ChunkBytes { get; set; }

    /// <summary>Gets or sets an error a stream throws after its chunks.</summary>
    public WttException? StreamError { get; set; }

    /// <summary>Gets the chunks streams produced so far.</summary>
    public int ChunksProduced => Volatile.Read(ref produced);

    /// <summary>Gets a task that completes when a stream ends on the agent, however it ends.</summary>
    public TaskCompletionSource StreamEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async IAsyncEnumerable<OutputChunk> ChunksAsync(WttProcessId id, OutputSource source, string? log, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            var offset = 0L;
            for (var i = 0; i < ChunkCount; i++)
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
                var data = ChunkBytes is { } size ? new byte[size] : System.Text.Encoding.UTF8.GetBytes($"line {i}\n");
                Interlocked.Increment(ref produced);
                yield return new OutputChunk(id, source, offset, data) { LogName = log };
                offset += data.Length;
            }

            if (StreamError is { } error)
            {
                throw error;
            }
        }
        finally
        {
            StreamEnded.TrySetResult();
        }
    }

    /// <summary>Gets the trace id current in each call as the agent ran it.</summary>
    public ConcurrentQueue<System.Diagnostics.ActivityTraceId?> TraceIds { get; } = new();

    /// <summary>A call that tells it started and waits until cancelled, then tells that too.</summary>
    private static async ValueTask<T> BlockedAsync<T>(TaskCompletionSource started, TaskCompletionSource cancelled, CancellationToken cancellationToken)
    {
        started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            cancelled.TrySetResult();
            throw;
        }

        throw new InvalidOperationException("A blocked call ends only by cancellation.");
    }

    private void Enter(object? request)
    {
        TraceIds.Enqueue(System.Diagnostics.Activity.Current?.TraceId);
        Interlocked.Increment(ref calls);
        Received.Enqueue(request);
        if (Error is { } error)
        {
            throw error;
        }
    }
}
