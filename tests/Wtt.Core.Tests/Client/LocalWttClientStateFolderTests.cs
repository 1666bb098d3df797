// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.Versioning;
using Wtt.Core.Tests.Launching;

namespace Wtt.Core.Tests.Client;

/// <summary>What the machine's client writes to a state folder over a process's life: the first document and the end.</summary>
[SupportedOSPlatform("linux")]
public sealed class LocalWttClientStateFolderTests : IAsyncDisposable
{
    private readonly string root = Directory.CreateDirectory(Path.Combine("/dev/shm", "wtt-tests", Guid.NewGuid().ToString("N"))).FullName;
    private SharedMemoryProcessTable? table;

    public async ValueTask DisposeAsync()
    {
        if (table is not null)
        {
            await table.DisposeAsync();
        }

        Directory.Delete(root, recursive: true);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task CreateThenWait_EndedProcess_ReadsWithItsEndFromTheStateFolder()
    {
        var (client, store) = Open();
        await using (client)
        {
            var handle = await client.CreateProcessAsync(new ProcessStartSpec("/bin/sh") { Arguments = ["-c", "exit 3"], CaptureOutput = false });
            var folder = Path.Combine(store.RootFolder, handle.Id.ToString());
            // The first document, without a lock file (the process may have ended already: its end may be there too).
            var files = Directory.GetFiles(folder).Select(Path.GetFileName).ToList();
            Assert.Contains("state.json", files);
            Assert.DoesNotContain(".lock", files);

            await client.WaitAsync(ProcessSet.Of(handle), WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(20) });
            await WaitForEndRecordAsync(client, handle.Id);

            var info = await client.GetProcessInfoAsync(handle);
            Assert.Equal(3, info.ExitCode);
            Assert.NotNull(info.EndedAt);
            Assert.Equal("/bin/sh", info.FileName);
            var document = await new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = store.RootFolder }).ReadAsync(handle.Id);
            Assert.NotNull(document);
            Assert.Equal(ProcessStatus.Exited, document.LastStatus);
            Assert.Equal(3, document.ExitCode);
            Assert.Equal(info.EndedAt, document.EndedAt);
        }
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task Info_RunningProcess_HasItsDocumentsDetailsAndNoEnd()
    {
        var (client, _) = Open();
        await using (client)
        {
            var handle = await client.CreateProcessAsync(new ProcessStartSpec("/bin/sleep") { Arguments = ["1000"], CaptureOutput = false });
            try
            {
                var info = await client.GetProcessInfoAsync(handle);

                Assert.Equal(ProcessStatus.Running, info.Status);
                Assert.Equal(["1000"], info.Arguments);
                Assert.Null(info.EndedAt);
            }
            finally
            {
                await client.TerminateAsync(ProcessSet.Of(handle), new TerminateOptions { GracePeriod = TimeSpan.Zero });
            }
        }
    }

    private (LocalWttClient Client, FolderProcessStateStore Store) Open()
    {
        table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = Path.Combine(root, "table"), Capacity = 16 });
        var store = new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = Path.Combine(root, "state") });
        return (new LocalWttClient(table, new LinuxProcessLauncher(), new InMemoryGlobalEventBus(table), store, TimeProvider.System), store);
    }

    /// <summary>The end reaches the table first and the state folder right after, on the pool: its record is awaited.</summary>
    private static async Task WaitForEndRecordAsync(LocalWttClient client, WttProcessId id)
    {
        var tail = await client.ReadOutputAsync(new WttProcessHandle(id), new OutputReadOptions { Follow = true }).ToListAsync();
        Assert.Empty(tail);
    }
}
