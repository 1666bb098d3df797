// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Tests.ProcessTable;

namespace Wtt.Core.Tests.Machine;

/// <summary>Disposing a machine ends the background work its opening started before the table is unmapped.</summary>
public sealed class LocalWttMachineDisposeTests
{
    [Fact(Timeout = 30_000)]
    public async Task Dispose_RightAfterOpen_WaitsForTheStateCleanup_WhichReadsTheTable()
    {
        // Many state folders past their retention: the cleanup started by Open asks the table about each one.
        using var folder = new TempTableFolder();
        var stateFolder = Path.Combine(folder.Path, "state");
        var old = DateTime.UtcNow.AddDays(-30);
        for (var i = 0; i < 500; i++)
        {
            var processFolder = Directory.CreateDirectory(Path.Combine(stateFolder, Guid.NewGuid().ToString()));
            processFolder.LastWriteTimeUtc = old;
        }

        var machine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = folder.Path, StateFolder = stateFolder });
        Assert.NotSame(Task.CompletedTask, machine.Cleanup); // a cleanup was due and started

        await machine.DisposeAsync();

        Assert.True(machine.Cleanup.IsCompleted);
        await machine.DisposeAsync(); // a second dispose is a no-op
    }
}
