// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.Contracts;

/// <content>Trees and groups.</content>
public abstract partial class ProcessTableContractTests
{
    [Fact]
    public void GetDescendants_ThreeLevels_ListsParentsBeforeChildrenAndNotTheRoot()
    {
        var table = Create();
        var root = table.Add(Row());
        var unrelated = table.Add(Row());
        var childA = table.Add(Row(root.Id));
        var childB = table.Add(Row(root.Id));
        var grandChild = table.Add(Row(childB.Id));
        var greatGrandChild = table.Add(Row(grandChild.Id));
        table.Add(Row(unrelated.Id));

        var descendants = table.GetDescendants(root.Id).Select(r => r.Id).ToList();

        Assert.Equal(4, descendants.Count);
        Assert.Equal(new[] { childA.Id, childB.Id, grandChild.Id, greatGrandChild.Id }.Order(), descendants.Order());
        Assert.True(descendants.IndexOf(childB.Id) < descendants.IndexOf(grandChild.Id));
        Assert.True(descendants.IndexOf(grandChild.Id) < descendants.IndexOf(greatGrandChild.Id));
        Assert.Equal([greatGrandChild.Id], table.GetDescendants(grandChild.Id).Select(r => r.Id));
        Assert.Empty(table.GetDescendants(greatGrandChild.Id));
    }

    [Fact]
    public void GetDescendants_ChildAddedBeforeItsParent_StillListsParentFirst()
    {
        var table = Create();
        var root = table.Add(Row());
        var parentId = WttProcessId.New();
        var child = table.Add(Row(parentId));
        table.Add(new ProcessRecord(parentId) { ParentId = root.Id });

        Assert.Equal([parentId, child.Id], table.GetDescendants(root.Id).Select(r => r.Id));
    }

    [Fact]
    public void GetGroupMembers_ListsMembersInTableOrder()
    {
        var table = Create();
        var group = WttProcessId.New();
        var a = table.Add(Row(group: group));
        table.Add(Row(group: WttProcessId.New()));
        var b = table.Add(Row(WttProcessId.New(), group));

        Assert.Equal([a.Id, b.Id], table.GetGroupMembers(group).Select(r => r.Id));
        Assert.Empty(table.GetGroupMembers(WttProcessId.New()));
    }

    [Fact]
    public void GetDescendants_CycleOfParentLinks_EndsAndListsEachOnce()
    {
        var table = Create();
        var a = WttProcessId.New();
        var b = WttProcessId.New();
        table.Add(new ProcessRecord(a) { ParentId = b });
        table.Add(new ProcessRecord(b) { ParentId = a });

        Assert.Equal([b], table.GetDescendants(a).Select(r => r.Id));
    }
}
