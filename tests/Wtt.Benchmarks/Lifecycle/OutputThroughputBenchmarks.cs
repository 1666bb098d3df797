// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Wtt.Core;

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>
/// Local output streaming (budget: ≥ 100 MB/s): <c>head -c 64M /dev/zero</c> whose output the real machine
/// captures, read whole with <c>ReadOutputAsync</c> while it is written (create to last byte), and the same 64 MiB
/// read back once captured. Baseline: the same command started with <see cref="Process"/> and its stdout pipe read
/// to the end. Each operation moves 64 MiB = 67.1 MB; the MB/s of each is printed as <c>// throughput</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class OutputThroughputBenchmarks
{
    private const long Bytes = 64L * 1024 * 1024;
    private static readonly OutputReadOptions Captured = new() { Follow = false };
    private readonly Dictionary<string, List<double>> rates = [];
    private readonly List<WttProcessId> created = [];
    private string folder = null!;
    private LocalWttMachine machine = null!;
    private WttProcessHandle captured = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var (name, list) in rates)
        {
            list.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// throughput {name}: median {list[list.Count / 2]:F0} MB/s, min {list[0]:F0}, max {list[^1]:F0} (n={list.Count})"));
        }

        rates.Clear();
        machine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        BenchFolder.Delete(folder);
    }

    [IterationCleanup]
    public void DeleteCaptured()
    {
        foreach (var id in created)
        {
            machine.Table.Remove(id);
            machine.State.DeleteAsync(id).AsTask().GetAwaiter().GetResult();
        }

        created.Clear();
    }

    [Benchmark(Baseline = true, Description = "baseline: Process.Start + read the stdout pipe")]
    public async Task<long> ProcessPipe()
    {
        var start = Stopwatch.GetTimestamp();
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/head", ["-c", "64M", "/dev/zero"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await process.StandardOutput.BaseStream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        await process.WaitForExitAsync();
        return Rate("pipe", start, total);
    }

    [Benchmark(Description = "Wtt create + ReadOutputAsync (follow) of 64 MiB")]
    public async Task<long> CaptureAndFollow()
    {
        var start = Stopwatch.GetTimestamp();
        var handle = await machine.Client.CreateProcessAsync(HeadSpec());
        created.Add(handle.Id);
        long total = 0;
        await foreach (var chunk in machine.Client.ReadOutputAsync(handle))
        {
            total += chunk.Data.Length;
        }

        return Rate("capture+follow", start, total);
    }

    [Benchmark(Description = "Wtt ReadOutputAsync of 64 MiB already captured")]
    public async Task<long> ReadCaptured()
    {
        var start = Stopwatch.GetTimestamp();
        long total = 0;
        await foreach (var chunk in machine.Client.ReadOutputAsync(captured, Captured))
        {
            total += chunk.Data.Length;
        }

        return Rate("read captured", start, total);
    }

    private static ProcessStartSpec HeadSpec() => new("/usr/bin/head") { Arguments = ["-c", "64M", "/dev/zero"], CaptureOutput = true };

    private async Task SetupAsync()
    {
        folder = BenchFolder.Create();
        machine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = folder });
        captured = await machine.Client.CreateProcessAsync(HeadSpec());
        await machine.Client.WaitAsync(ProcessSet.Of(captured));
        long total = 0;
        await foreach (var chunk in machine.Client.ReadOutputAsync(captured))
        {
            total += chunk.Data.Length;
        }

        if (total != Bytes)
        {
            throw new InvalidOperationException($"The captured output is {total} bytes, not {Bytes}.");
        }
    }

    private long Rate(string name, long start, long total)
    {
        if (total != Bytes)
        {
            throw new InvalidOperationException($"{name}: read {total} bytes, not {Bytes}.");
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (!rates.TryGetValue(name, out var list))
        {
            rates[name] = list = [];
        }

        list.Add(total / 1e6 / seconds);
        return total;
    }
}
