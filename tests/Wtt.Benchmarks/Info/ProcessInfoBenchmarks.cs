// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Attributes;
using Wtt.Benchmarks.Transports;
using Wtt.Hosting;

namespace Wtt.Benchmarks.Info;

/// <summary>
/// GetProcessInfoAsync of a running plain process (<c>/bin/sleep</c>) and of an ended one, on another machine of an
/// <see cref="InProcessLab"/> reached over tcp loopback, against the bare StreamJsonRpc echo over tcp measured in the
/// same run (budget: ≤ 1.5× the echo). The local rows split the agent's own work (table row, state document, /proc)
/// from the cost of the wire; the remote open shows the wire alone for a call of the same client. The two rows of the
/// agent's call target over a served client that answers at once show what a <see cref="ProcessInfo"/> result costs the
/// wire against a handle.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ProcessInfoBenchmarks
{
    private static readonly Guid CallId = Guid.NewGuid();
    private InProcessLab lab = null!;
    private Baselines baselines = null!;
    private WttProcessHandle remoteRunning = null!;
    private WttProcessHandle remoteEnded = null!;
    private WttProcessHandle localRunning = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        baselines = await Baselines.StartAsync();
        lab = await InProcessLab.StartAsync(new InProcessLabOptions { Machines = { "remote" }, Capacity = 64 });
        remoteRunning = await lab.Client.CreateProcessAsync(new ProcessStartSpec("/bin/sleep") { Arguments = ["3600"], Machine = "remote" });
        remoteEnded = await lab.Client.CreateProcessAsync(new ProcessStartSpec("/bin/true") { Machine = "remote" });
        await lab.Client.WaitAsync(ProcessSet.Of(remoteEnded), WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(30) });
        localRunning = await lab.Machines["remote"].Client.OpenProcessAsync(remoteRunning.Id);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await lab.DisposeAsync();
        await baselines.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "bare StreamJsonRpc echo, tcp")]
    public Task<string> BareEcho() => baselines.EchoAsync("3f2c1e8a-0000-4000-8000-000000000001");

    [Benchmark(Description = "Wtt open, remote machine, tcp")]
    public async Task<WttProcessHandle> OpenRemote() => await lab.Client.OpenProcessAsync(remoteRunning.Id, "remote");

    [Benchmark(Description = "Wtt info, running, remote machine, tcp")]
    public async Task<ProcessInfo> InfoRemoteRunning() => await lab.Client.GetProcessInfoAsync(remoteRunning);

    [Benchmark(Description = "Wtt info, ended, remote machine, tcp")]
    public async Task<ProcessInfo> InfoRemoteEnded() => await lab.Client.GetProcessInfoAsync(remoteEnded);

    [Benchmark(Description = "bare StreamJsonRpc echo, MessagePack, tcp")]
    public Task<string> BareEchoMessagePack() => baselines.EchoMessagePackAsync("3f2c1e8a-0000-4000-8000-000000000001");

    [Benchmark(Description = "the wire alone (Wtt's handler and options, an open-shaped method)")]
    public Task WireOnlyOpen() => baselines.WireOnlyOpenAsync(CallId, remoteRunning.Id);

    [Benchmark(Description = "the wire alone, the open-shaped method with a machine (a token per call)")]
    public Task WireOnlyOpenWithToken() => baselines.WireOnlyOpenOnMachineAsync(CallId, remoteRunning.Id);

    [Benchmark(Description = "the wire and the agent's target, open answered at once")]
    public Task WireAgentOpen() => baselines.WireAgentOpenAsync(CallId, remoteRunning.Id);

    [Benchmark(Description = "the wire and the agent's target, info answered at once")]
    public Task<ProcessInfo> WireAgentInfo() => baselines.WireAgentInfoAsync(CallId, remoteRunning.Id);

    [Benchmark(Description = "the wire and the agent's target, info with a machine (a token) answered at once")]
    public Task<ProcessInfo> WireAgentInfoOnMachine() => baselines.WireAgentInfoOnMachineAsync(CallId, remoteRunning.Id);

    [Benchmark(Description = "Wtt info, running, on the agent's machine (no wire)")]
    public async Task<ProcessInfo> InfoLocalRunning() => await lab.Machines["remote"].Client.GetProcessInfoAsync(localRunning);
}
