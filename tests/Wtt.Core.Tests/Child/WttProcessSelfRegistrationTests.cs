// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core.Tests.Child;

public sealed class WttProcessSelfRegistrationTests : IDisposable
{
    private readonly string folder = Path.Combine(OperatingSystem.IsLinux() ? "/dev/shm" : Path.GetTempPath(), "wtt-tests", Guid.NewGuid().ToString("N"));

    [Fact(Timeout = 20_000)]
    public async Task AttachAsync_StartedByHand_RegistersItselfAndDisposeMarksTheRowExited()
    {
        Assert.Null(Environment.GetEnvironmentVariable(WttEnvironment.ProcessId));
        await using var table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = folder, Capacity = 16 });

        var attached = await WttProcess.AttachAsync(new WttProcessAttachOptions { TableFolder = folder });
        var id = attached.Id;
        Assert.True(attached.IsSelfRegistered);
        Assert.True(table.TryGet(id, out var running));
        Assert.Equal((ProcessStatus.Running, Environment.ProcessId), (running.Status, running.Pid));

        await attached.DisposeAsync();

        Assert.True(table.TryGet(id, out var ended));
        Assert.Equal((ProcessStatus.Exited, 0), (ended.Status, ended.ExitCode));
    }

    [Fact(Timeout = 20_000)]
    public async Task DisposeAsync_SelfRegisteredRowAlreadyEnded_KeepsHowItEnded()
    {
        await using var table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = folder, Capacity = 16 });
        var attached = await WttProcess.AttachAsync(new WttProcessAttachOptions { TableFolder = folder });
        table.Update(attached.Id, r => r with { Status = ProcessStatus.Terminated, ExitCode = 137 });

        await attached.DisposeAsync();

        Assert.True(table.TryGet(attached.Id, out var ended));
        Assert.Equal((ProcessStatus.Terminated, 137), (ended.Status, ended.ExitCode));
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
