// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Attributes;
using Wtt.Hosting;

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>
/// Remote create against local create: <c>/bin/true</c> created through the script machine's client and waited
/// for until it exits, on the script machine itself (baseline) and on another machine of an
/// <see cref="InProcessLab"/> reached through its agent over tcp loopback. The difference is the cost of the hop
/// (two calls: create, then wait) and of the row the script machine keeps for the remote process.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RemoteCreateBenchmarks
{
    private static readonly WaitOptions Exited = WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(30) };
    private InProcessLab lab = null!;

    [GlobalSetup]
    public void Setup()
        => lab = InProcessLab.StartAsync(new InProcessLabOptions { Machines = { "remote" }, Capacity = 512 }).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => lab.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "local create /bin/true + wait exit")]
    public Task<WaitOutcome> Local() => RunAsync(null);

    [Benchmark(Description = "remote create /bin/true + wait exit, tcp loopback")]
    public Task<WaitOutcome> Remote() => RunAsync("remote");

    private async Task<WaitOutcome> RunAsync(string? machine)
    {
        var handle = await lab.Client.CreateProcessAsync(new ProcessStartSpec("/bin/true") { Machine = machine }).ConfigureAwait(false);
        var result = await lab.Client.WaitAsync(ProcessSet.Of(handle), Exited).ConfigureAwait(false);
        return result.Outcome;
    }
}
