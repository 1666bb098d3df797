// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core.Tests.ProcessTable;

public sealed class ReconcileTests : IDisposable
{
    private readonly TempTableFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Reconcile_RecycledPidWithWrongStartTime_MarksRowNotActive()
    {
        await using var table = _folder.Open();
        var recycled = WttProcessId.New();
        var alive = WttProcessId.New();
        var self = ProcessLiveness.CurrentStartTime;

        // Same pid as a live process (this one), but another start time: a recycled pid.
        table.Add(new ProcessRecord(recycled) { Pid = Environment.ProcessId, ProcessStartTime = self + 1, Status = ProcessStatus.Running });
        table.Add(new ProcessRecord(alive) { Pid = Environment.ProcessId, ProcessStartTime = self, Status = ProcessStatus.Running });

        Assert.Equal(1, table.Reconcile());

        Assert.True(table.TryGet(recycled, out var row));
        Assert.Equal(ProcessStatus.NotActive, row.Status);
        Assert.True(table.TryGet(alive, out row));
        Assert.Equal(ProcessStatus.Running, row.Status);
    }

    [Fact]
    public async Task Reconcile_GoneWithExitCode_MarksExited_AndSkipsRemoteAndUnstarted()
    {
        await using var table = _folder.Open();
        var exited = WttProcessId.New();
        var remote = WttProcessId.New();
        var unstarted = WttProcessId.New();
        var goneSinceLongAgo = int.MaxValue - 1; // No such pid.
        table.Add(new ProcessRecord(exited) { Pid = goneSinceLongAgo, ExitCode = 4, Status = ProcessStatus.Running });
        table.Add(new ProcessRecord(remote) { Pid = goneSinceLongAgo, Machine = "far", Status = ProcessStatus.Running });
        table.Add(new ProcessRecord(unstarted) { Status = ProcessStatus.Created });

        Assert.Equal(1, table.Reconcile());

        Assert.True(table.TryGet(exited, out var row));
        Assert.Equal(ProcessStatus.Exited, row.Status);
        Assert.True(table.TryGet(remote, out row));
        Assert.Equal(ProcessStatus.Running, row.Status);
        Assert.True(table.TryGet(unstarted, out row));
        Assert.Equal(ProcessStatus.Created, row.Status);
    }
}
