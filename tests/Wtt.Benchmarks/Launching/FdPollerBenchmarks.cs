// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;
using Wtt.Core.Launching.Native;

namespace Wtt.Benchmarks.Launching;

/// <summary>
/// One event through the launcher's process watcher (<see cref="FdPoller"/>) while it also watches idle fds: a byte
/// written to a pipe, read by its handler on the watcher's thread, which wakes the benchmark. An agent that runs many
/// processes watches a pidfd and two pipes for each, and every exit and every chunk of output is such an event. The
/// row without idle fds is the baseline.
/// </summary>
[SupportedOSPlatform("linux")]
[MedianColumn]
public unsafe class FdPollerBenchmarks
{
    private readonly List<int> idle = [];
    private readonly Reader reader = new();
    private int writeEnd = -1;

    /// <summary>Gets or sets how many idle pipes (each one read end watched) the watcher also holds.</summary>
    [Params(0, 3000)]
    public int IdleFds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var quiet = new Reader();
        int* ends = stackalloc int[2];
        for (var i = 0; i < IdleFds; i++)
        {
            Pipe(ends);
            idle.Add(ends[0]);
            idle.Add(ends[1]);
            FdPoller.Shared.Add(ends[0], quiet);
        }

        Pipe(ends);
        writeEnd = ends[1];
        reader.Fd = ends[0];
        FdPoller.Shared.Add(ends[0], reader);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        FdPoller.Shared.Remove(reader.Fd, reader, close: true);
        Syscalls.CloseQuietly(writeEnd);
        for (var i = 0; i < idle.Count; i += 2)
        {
            FdPoller.Shared.Release(idle[i]);
            Syscalls.CloseQuietly(idle[i + 1]);
        }

        FdPoller.Shared.FlushAsync().GetAwaiter().GetResult();
        idle.Clear();
    }

    [Benchmark]
    public Task PipeEvent()
    {
        var next = reader.Next();
        byte one = 1;
        _ = LibC.write(writeEnd, &one, 1);
        return next;
    }

    private static void Pipe(int* ends)
    {
        if (LibC.pipe2(ends, LibC.O_CLOEXEC) != 0)
        {
            throw new InvalidOperationException("pipe2 failed; raise the open-file limit (ulimit -n).");
        }
    }

    /// <summary>Reads what arrived and completes the pending wait.</summary>
    private sealed class Reader : IPollHandler
    {
        private TaskCompletionSource? pending;

        public int Fd { get; set; } = -1;

        public Task Next()
        {
            pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return pending.Task;
        }

        public FdPoller.PollAction OnReady(int fd, short events)
        {
            byte buffer;
            _ = LibC.read(fd, &buffer, 1);
            pending?.TrySetResult();
            return FdPoller.PollAction.Keep;
        }
    }
}
