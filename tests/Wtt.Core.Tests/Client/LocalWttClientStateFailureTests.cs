// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.Versioning;
using Wtt.Core.Tests.Launching;

namespace Wtt.Core.Tests.Client;

/// <summary>A create whose state folder cannot be written, which the client writes while the process starts.</summary>
[SupportedOSPlatform("linux")]
public sealed class LocalWttClientStateFailureTests
{
    [LinuxFact(Timeout = 30_000)]
    public async Task Create_StateFolderCannotBeWritten_ThrowsAndLeavesNoProcessRunningNorRow()
    {
        var root = Directory.CreateDirectory(Path.Combine("/dev/shm", "wtt-tests", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            // The state root lies under a file, so no folder can be made there.
            var file = Path.Combine(root, "file");
            await File.WriteAllTextAsync(file, string.Empty);
            await using var table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = Path.Combine(root, "table"), Capacity = 16 });
            var store = new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = Path.Combine(file, "state") });
            await using var client = new LocalWttClient(table, new LinuxProcessLauncher(), new InMemoryGlobalEventBus(table), store, TimeProvider.System);
            var marker = "wtt-state-failure-" + Guid.NewGuid().ToString("N");

            _ = await Assert.ThrowsAnyAsync<Exception>(async () => await client.CreateProcessAsync(new ProcessStartSpec("/bin/sh") { Arguments = ["-c", $"sleep 1000; : {marker}"], CaptureOutput = false }));

            Assert.Empty(table.List());
            Assert.DoesNotContain(Directory.EnumerateDirectories("/proc"), folder => IsAliveWith(folder, marker));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static bool IsAliveWith(string procFolder, string marker)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procFolder, "cmdline")).Contains(marker, StringComparison.Ordinal)
                && !File.ReadAllText(Path.Combine(procFolder, "stat")).Split(')')[^1].TrimStart().StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
