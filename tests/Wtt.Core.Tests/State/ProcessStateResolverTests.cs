// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Tests.ProcessTable;

namespace Wtt.Core.Tests.State;

public sealed class ProcessStateResolverTests : IDisposable
{
    private readonly TempStateRoot _root = new();
    private readonly TempTableFolder _table = new();

    public void Dispose()
    {
        _root.Dispose();
        _table.Dispose();
    }

    [Fact]
    public async Task Resolve_RowGoneButFolderLeft_ReadsNotActiveWithExitCode()
    {
        await using var table = _table.Open();
        var store = _root.Create();
        var gone = WttProcessId.New();
        var live = WttProcessId.New();
        await store.UpdateAsync(gone, d => d with { LastStatus = ProcessStatus.Exited, ExitCode = 7, Kind = ProcessKind.WttBased });
        table.Add(new ProcessRecord(live) { Status = ProcessStatus.Running });

        var goneRow = await ProcessStateResolver.ResolveAsync(table, store, gone);
        var liveRow = await ProcessStateResolver.ResolveAsync(table, store, live);

        Assert.NotNull(goneRow);
        Assert.Equal(ProcessStatus.NotActive, goneRow.Status);
        Assert.Equal(7, goneRow.ExitCode);
        Assert.Equal(ProcessKind.WttBased, goneRow.Kind);
        Assert.Equal(ProcessStatus.Running, liveRow?.Status);
        Assert.Null(await ProcessStateResolver.ResolveAsync(table, store, WttProcessId.New()));
    }
}
