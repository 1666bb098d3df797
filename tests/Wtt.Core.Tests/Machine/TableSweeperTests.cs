// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;
using Wtt.Core.Tests.ProcessTable;

namespace Wtt.Core.Tests.Machine;

public sealed class TableSweeperTests : IDisposable
{
    private readonly TempTableFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task TimerSweep_AfterTheTableWasDisposed_EndsQuietly()
    {
        // The sweep runs in a timer callback, where an exception ends the process: a table disposed before its sweeper
        // (the sweep then reads a closed table) must end the sweep, not the process.
        var time = new FakeTimeProvider();
        var table = _folder.Open();
        table.Add(new ProcessRecord(WttProcessId.New()) { Pid = Environment.ProcessId, Status = ProcessStatus.Running });
        using var sweeper = TableSweeper.Start(table, _ => false, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), time);
        await table.DisposeAsync();

        var onTimer = Record.Exception(() => time.Advance(TimeSpan.FromSeconds(2)));
        var direct = Record.Exception(sweeper.Sweep);

        Assert.Null(onTimer);
        Assert.Null(direct);
    }
}
