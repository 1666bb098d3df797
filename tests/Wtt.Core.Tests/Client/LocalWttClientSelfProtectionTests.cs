// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core.Tests.Client;

/// <summary>
/// The machine's Wtt (here the test process, as the agent's would be) never stops, signals or kills its own process,
/// an ancestor or pid 1, though their rows are in the table as the agent's own row is: each gets
/// <see cref="SignalOutcome.Refused"/>, and this process keeps running.
/// </summary>
public sealed class LocalWttClientSelfProtectionTests : IAsyncDisposable
{
    private readonly string root = Path.Combine(OperatingSystem.IsLinux() ? "/dev/shm" : Path.GetTempPath(), "wtt-tests", Guid.NewGuid().ToString("N"));
    private readonly LocalWttMachine machine;

    public LocalWttClientSelfProtectionTests()
        => machine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = Path.Combine(root, "table"), Capacity = 16 });

    public static TheoryData<string> Calls => ["terminate", "signal Terminate", "signal Shutdown"];

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Calls))]
    public async Task SelfParentAndInit_AreRefused_AndThisProcessIsNotStopped(string call)
    {
        Assert.True(ProcStat.TryRead(Environment.ProcessId, out var self));
        Assert.True(ProcStat.TryRead(self.ParentPid, out var parent));
        var rows = new[] { Row(self, ProcessKind.WttBased), Row(parent, ProcessKind.Plain), Row(new ProcStat(1, 'S', 0, 1, 1, 0), ProcessKind.Plain) };
        var set = ProcessSet.Of(rows.Select(r => new WttProcessHandle(r.Id)));

        var result = call switch
        {
            "terminate" => await machine.Client.TerminateAsync(set, new TerminateOptions { GracePeriod = TimeSpan.Zero, PoliteSignal = null }),
            "signal Terminate" => await machine.Client.SignalAsync(set, WttSignal.Terminate),
            _ => await machine.Client.SignalAsync(set, WttSignal.Shutdown),
        };

        Assert.All(result.Entries, e => Assert.Equal(SignalOutcome.Refused, e.Outcome));
        Assert.All(rows, r => Assert.False(machine.Table.TryGet(r.Id, out var now) && now.Status.IsEnded()));
        Assert.True(ProcStat.TryRead(self.ParentPid, out var parentNow));
        Assert.NotEqual('T', parentNow.State);
    }

    [Fact(Timeout = 30_000)]
    public async Task Refusal_IsPerProcess_OtherMembersAreStillTerminated()
    {
        Assert.True(ProcStat.TryRead(Environment.ProcessId, out var self));
        var own = Row(self, ProcessKind.Plain);
        var child = await machine.Client.CreateProcessAsync(new ProcessStartSpec("sleep") { Arguments = ["60"] });

        // No polite signal: a SIGTERM that `sleep` dies of before the zero grace is judged makes the outcome StoppedCleanly.
        var result = await machine.Client.TerminateAsync(ProcessSet.Of(new WttProcessHandle(own.Id), child), new TerminateOptions { GracePeriod = TimeSpan.Zero, PoliteSignal = null });

        Assert.Equal([SignalOutcome.Refused, SignalOutcome.Killed], result.Entries.Select(e => e.Outcome));
    }

    public async ValueTask DisposeAsync()
    {
        await machine.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    private ProcessRecord Row(ProcStat stat, ProcessKind kind)
        => machine.Table.Add(new ProcessRecord(WttProcessId.New())
        {
            Kind = kind,
            Status = ProcessStatus.Running,
            Pid = stat.Pid,
            ProcessStartTime = stat.StartTime,
            CreatedAt = DateTimeOffset.UtcNow,
        });
}
