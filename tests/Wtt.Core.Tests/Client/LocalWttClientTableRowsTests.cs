// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.Client;

/// <summary>A machine's table over a long life: ended rows make room for new processes.</summary>
public sealed class LocalWttClientTableRowsTests
{
    [Fact(Timeout = 20_000)]
    public async Task CreateProcessAsync_TableFullOfEndedRows_RemovesTheOldestAndTheirInfoStaysReadable()
    {
        var time = new FakeTimeProvider();
        await using var wtt = new InMemoryWttMachine(time, "unit", capacity: 8);
        wtt.Launcher.ProcessStarted += (_, process) => process.Exit(7);
        var created = new List<WttProcessHandle>();
        for (var i = 0; i < 40; i++)
        {
            var handle = await wtt.Client.CreateProcessAsync(new ProcessStartSpec($"job-{i}"));
            var exited = await wtt.Client.WaitAsync(ProcessSet.Of(handle), WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(5) });
            Assert.Equal(WaitOutcome.Satisfied, exited.Outcome);
            created.Add(handle);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await wtt.Client.GetProcessInfoAsync(created[0]);
        var last = await wtt.Client.GetProcessInfoAsync(created[^1]);

        Assert.True(wtt.Table.List().Count <= 8);
        Assert.Equal((ProcessStatus.NotActive, 7), (first.Status, first.ExitCode));
        Assert.Equal("job-0", first.FileName);
        Assert.Equal((ProcessStatus.Exited, 7), (last.Status, last.ExitCode));
    }

    [Fact(Timeout = 20_000)]
    public async Task CreateProcessAsync_TableFullOfRunningProcesses_TableFullSayingWhatToDo()
    {
        await using var wtt = new InMemoryWttMachine(new FakeTimeProvider(), "unit", capacity: 4);
        for (var i = 0; i < 4; i++)
        {
            await wtt.Client.CreateProcessAsync(new ProcessStartSpec($"long-{i}"));
        }

        var error = await Assert.ThrowsAsync<WttException>(async () => await wtt.Client.CreateProcessAsync(new ProcessStartSpec("one-too-many")));

        Assert.Equal(WttErrorCode.TableFull, error.ErrorCode);
        Assert.Contains("all 4 rows hold processes that have not ended", error.Message, StringComparison.Ordinal);
        Assert.Contains("Terminate some", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, wtt.Table.List().Count);
    }
}
