// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.ProcessTable;

public sealed class SharedMemoryProcessTableQueryTests : IDisposable
{
    private readonly TempTableFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task List_ReturnsEveryRowInSlotOrder()
    {
        await using var table = _folder.Open();
        var ids = Enumerable.Range(0, 10).Select(_ => WttProcessId.New()).ToList();
        foreach (var id in ids)
        {
            table.Add(new ProcessRecord(id));
        }

        Assert.Equal(ids, table.List().Select(r => r.Id));
    }

    [Fact]
    public async Task GetDescendants_ReturnsTreeParentsBeforeChildren()
    {
        await using var table = _folder.Open();
        var root = WttProcessId.New();
        var child = WttProcessId.New();
        var grandchild = WttProcessId.New();
        var other = WttProcessId.New();

        // Added out of order: the grandchild first.
        table.Add(new ProcessRecord(grandchild) { ParentId = child });
        table.Add(new ProcessRecord(root));
        table.Add(new ProcessRecord(other));
        table.Add(new ProcessRecord(child) { ParentId = root });

        var descendants = table.GetDescendants(root).Select(r => r.Id).ToList();

        Assert.Equal([child, grandchild], descendants);
        Assert.Empty(table.GetDescendants(other));
    }

    [Fact]
    public async Task GetDescendants_CycleOfParents_Terminates()
    {
        await using var table = _folder.Open();
        var a = WttProcessId.New();
        var b = WttProcessId.New();
        table.Add(new ProcessRecord(a) { ParentId = b });
        table.Add(new ProcessRecord(b) { ParentId = a });

        Assert.Equal([b], table.GetDescendants(a).Select(r => r.Id));
    }

    [Fact]
    public async Task GetGroupMembers_ReturnsMembersOnlyAndRejectsNil()
    {
        await using var table = _folder.Open();
        var group = WttProcessId.New();
        var one = WttProcessId.New();
        var two = WttProcessId.New();
        table.Add(new ProcessRecord(one) { GroupId = group });
        table.Add(new ProcessRecord(WttProcessId.New()));
        table.Add(new ProcessRecord(two) { GroupId = group, Machine = "remote" });

        Assert.Equal([one, two], table.GetGroupMembers(group).Select(r => r.Id));
        Contracts.WttAssert.Throws(WttErrorCode.InvalidArgument, () => table.GetGroupMembers(WttProcessId.Nil));
    }
}
