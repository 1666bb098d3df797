// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.ClientContracts;
using Wtt.Core.Tests.Client;

namespace Wtt.Core.Tests.State;

/// <summary>State folders default to a persistent place, and cleanup never deletes one of a process still in the table.</summary>
public sealed class StateFolderDefaultsTests
{
    [Theory]
    [InlineData(true, null, "/home/ann", "/var/lib/wtt")]
    [InlineData(true, "/home/ann/.xdg", "/home/ann", "/var/lib/wtt")]
    [InlineData(false, null, "/home/ann", "/home/ann/.local/state/wtt")]
    [InlineData(false, "", "/home/ann", "/home/ann/.local/state/wtt")]
    [InlineData(false, "/srv/state", "/home/ann", "/srv/state/wtt")]
    [InlineData(false, "relative/state", "/home/ann", "/home/ann/.local/state/wtt")]
    public void ResolvePersistentRoot_RootOrUserAndXdg(bool isRoot, string? xdgStateHome, string home, string expected)
        => Assert.Equal(expected, WttDefaultFolders.ResolvePersistentRoot(isRoot, xdgStateHome, home));

    [Fact]
    public void ResolveStateFolder_DefaultTableUsesThePersistentFolder_OtherTablesKeepTheirStateBesideThem()
    {
        Assert.Equal("/persist/state", WttDefaultFolders.ResolveStateFolder(SharedMemoryProcessTableOptions.DefaultTableFolder, null, "/persist/state"));
        Assert.Equal("/tmp/lab/a/state", WttDefaultFolders.ResolveStateFolder("/tmp/lab/a", null, "/persist/state"));
        Assert.Equal("/given", WttDefaultFolders.ResolveStateFolder(SharedMemoryProcessTableOptions.DefaultTableFolder, "/given", "/persist/state"));
        Assert.Equal("/tmp/lab/a/journal", WttDefaultFolders.ResolveJournalFolder("/tmp/lab/a", null));
        Assert.Equal(WttDefaultFolders.JournalFolder, WttDefaultFolders.ResolveJournalFolder(SharedMemoryProcessTableOptions.DefaultTableFolder, null));
    }

    [Fact]
    public void Defaults_AreNotOnTmpfs()
    {
        Assert.False(WttDefaultFolders.StateFolder.StartsWith("/dev/shm", StringComparison.Ordinal));
        Assert.Equal(WttDefaultFolders.StateFolder, new Wtt.Core.FolderProcessStateStoreOptions().RootFolder);
        Assert.Equal(WttDefaultFolders.StateFolder, new LocalWttMachineOptions().ResolvedStateFolder);
    }

    [Fact(Timeout = 30_000)]
    public async Task Cleanup_StateFolderOfAProcessStillInTheTable_IsKeptWhateverItsAge()
    {
        await using var harness = new LocalClientHarness();
        var running = await harness.Client.CreateProcessAsync(TestHelperScript.Spec(ProcessKind.Plain, null, ["print", "hello", "sleep", "-1"]));
        var folder = Path.Combine(harness.Machine.Options.ResolvedStateFolder, running.Id.ToString());
        Assert.True(Directory.Exists(folder));
        Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow - TimeSpan.FromDays(30));
        var gone = Path.Combine(harness.Machine.Options.ResolvedStateFolder, Guid.NewGuid().ToString());
        Directory.CreateDirectory(gone);
        Directory.SetLastWriteTimeUtc(gone, DateTime.UtcNow - TimeSpan.FromDays(30));

        // The machine's own cleanup at open may run at the same time and take the orphan first: count either.
        var deleted = await harness.Machine.State.CleanupAsync(TimeSpan.FromDays(1));

        Assert.InRange(deleted, 0, 1);

        Assert.True(Directory.Exists(folder));
        Assert.False(Directory.Exists(gone));
    }
}
