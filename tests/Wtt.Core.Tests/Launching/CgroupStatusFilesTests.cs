// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Runtime.Versioning;

namespace Wtt.Core.Tests.Launching;

/// <summary>
/// A cgroup folder's status files (<c>cgroup.events</c>, <c>cgroup.stat</c>) stay open once read: each read tells what the
/// folder holds now, and a folder removed behind the open files and made again under its path is read afresh.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class CgroupStatusFilesTests : IDisposable
{
    private const string Parent = "wtt-tests-status";
    private readonly List<string> folders = [];
    private CgroupTree? tree;

    /// <summary>Removes the test's folders (a failed assertion leaves them) and then the tests' cgroup parent, once empty.</summary>
    public void Dispose()
    {
        foreach (var folder in folders)
        {
            _ = CgroupTree.TryRemove(folder);
        }

        if (tree is not null)
        {
            _ = CgroupTree.TryRemove(tree.Parent);
        }
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task AFolderReadBefore_TellsWhatItHoldsNow()
    {
        var folder = NewFolder();
        using var sleeper = Process.Start("/bin/sleep", "1000");
        try
        {
            Assert.False(CgroupTree.IsPopulated(folder));
            Assert.True(CgroupFolderPool.IsEmpty(folder));

            Assert.True(CgroupTree.TryAdd(folder, sleeper.Id));

            Assert.True(CgroupTree.IsPopulated(folder));
            Assert.False(CgroupFolderPool.IsEmpty(folder));
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }

        Assert.True(CgroupTree.TryRemove(folder));
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task AFolderRemovedBehindItsOpenFiles_AndMadeAgain_IsReadAfresh()
    {
        // As another process's sweep removes an idle folder, which the next start here makes again.
        var folder = NewFolder();
        Assert.False(CgroupTree.IsPopulated(folder));
        Directory.Delete(folder);
        Assert.True(CgroupTree.TryCreateFolder(folder));

        using var sleeper = Process.Start("/bin/sleep", "1000");
        try
        {
            Assert.True(CgroupTree.TryAdd(folder, sleeper.Id));

            Assert.True(CgroupTree.IsPopulated(folder));
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }

        Assert.True(CgroupTree.TryRemove(folder));
    }

    [LinuxFact(Privilege.Root)]
    public void AFolderGone_ReadsAsNeitherPopulatedNorEmpty()
    {
        var folder = NewFolder();
        Assert.True(CgroupFolderPool.IsEmpty(folder));

        Assert.True(CgroupTree.TryRemove(folder));

        Assert.False(CgroupTree.IsPopulated(folder));
        Assert.False(CgroupFolderPool.IsEmpty(folder));
    }

    private string NewFolder()
    {
        tree = CgroupTree.TryCreate(Parent);
        Assert.NotNull(tree);
        var folder = tree.TryCreateGroup(Guid.NewGuid().ToString("N"));
        Assert.NotNull(folder);
        folders.Add(folder);
        return folder;
    }
}
