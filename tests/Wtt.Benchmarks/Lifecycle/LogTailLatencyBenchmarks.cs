// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Wtt.Core;

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>
/// Log tail first byte (budget: &lt; 10 ms after it is written): a plain <c>/bin/sleep</c> with a registered log that
/// grows under it, followed by <c>machine.Client.TailLogAsync</c>; measured from the write of a 64-byte line to
/// the chunk reaching the tail's consumer. Baseline: a <see cref="FileSystemWatcher"/> on another folder, from the
/// same write to its <c>Changed</c> event (the inotify floor). Median and p99 are printed as <c>// latency</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LatencyConfig))]
public class LogTailLatencyBenchmarks
{
    private static readonly byte[] Line = [.. Enumerable.Repeat((byte)'x', 63), (byte)'\n'];
    private readonly LatencyRecorder tail = new("log write -> tail chunk");
    private readonly LatencyRecorder watch = new("baseline write -> FileSystemWatcher event");
    private readonly CancellationTokenSource stop = new();
    private string folder = null!;
    private LocalWttMachine machine = null!;
    private WttProcessHandle writer = null!;
    private FileStream log = null!;
    private FileStream watched = null!;
    private FileSystemWatcher watcher = null!;
    private Task tailing = Task.CompletedTask;
    private TaskCompletionSource<long>? pending;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        stop.Cancel();
        try
        {
            tailing.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        tail.Report();
        watch.Report();
        watcher.Dispose();
        log.Dispose();
        watched.Dispose();
        machine.Client.TerminateAsync(ProcessSet.Of(writer), new TerminateOptions { GracePeriod = TimeSpan.Zero, PoliteSignal = null }).AsTask().GetAwaiter().GetResult();
        machine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchFolder.Delete(folder);
    }

    [Benchmark(Baseline = true, Description = "baseline: write -> FileSystemWatcher Changed")]
    public Task<long> WatcherEvent() => WriteAndAwaitAsync(watched, watch);

    [Benchmark(Description = "log write -> TailLogAsync chunk")]
    public Task<long> TailChunk() => WriteAndAwaitAsync(log, tail);

    private async Task<long> WriteAndAwaitAsync(FileStream file, LatencyRecorder recorder)
    {
        var completion = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref pending, completion);
        var start = Stopwatch.GetTimestamp();
        file.Write(Line);
        var arrived = await completion.Task;
        recorder.Record(start, arrived);
        return arrived - start;
    }

    private void Arrived() => Interlocked.Exchange(ref pending, null)?.TrySetResult(Stopwatch.GetTimestamp());

    private async Task SetupAsync()
    {
        folder = BenchFolder.Create();
        machine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = folder });
        var logs = Directory.CreateDirectory(Path.Combine(folder, "logs")).FullName;
        var watchedFolder = Directory.CreateDirectory(Path.Combine(folder, "watched")).FullName;
        var logPath = Path.Combine(logs, "writer.log");
        log = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        watched = new FileStream(Path.Combine(watchedFolder, "watched.log"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        watcher = new FileSystemWatcher(watchedFolder) { NotifyFilter = NotifyFilters.Size | NotifyFilters.LastWrite };
        watcher.Changed += (_, _) => Arrived();
        watcher.EnableRaisingEvents = true;

        writer = await machine.Client.CreateProcessAsync(new ProcessStartSpec("/bin/sleep") { Arguments = ["1000"], CaptureOutput = false, LogFiles = [logPath] });
        tailing = Task.Run(TailAsync);

        // The first line proves the tail is open: it reads from the beginning, so no line is missed before it opens.
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref pending, first);
        log.Write(Line);
        await first.Task.WaitAsync(ready.Token);
    }

    private async Task TailAsync()
    {
        await foreach (var chunk in machine.Client.TailLogAsync(writer, new TailOptions { Start = TailStart.Beginning }, stop.Token))
        {
            Arrived();
        }
    }
}
