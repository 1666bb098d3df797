// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Processes;

public sealed class ProcessSetTests
{
    [Fact]
    public void Of_Handles_KeepsOrder()
    {
        var a = new WttProcessHandle(WttProcessId.New());
        var b = new WttProcessHandle(WttProcessId.New(), "lab-02");

        var set = ProcessSet.Of(a, b);

        Assert.Equal(ProcessSetKind.Handles, set.Kind);
        Assert.Equal([a, b], set.Handles);
        Assert.True(set.GroupId.IsNil);
        Assert.Null(set.Machine);
        Assert.Equal("2 process(es)", set.ToString());
    }

    [Fact]
    public void Of_Enumerable_CopiesIt()
    {
        var list = new List<WttProcessHandle> { new(WttProcessId.New()) };

        var set = ProcessSet.Of(list);
        list.Add(new(WttProcessId.New()));

        Assert.Single(set.Handles);
    }

    [Fact]
    public void Of_Empty_ThrowsInvalidArgument()
        => AssertInvalid(() => ProcessSet.Of());

    [Fact]
    public void Of_NullEnumerable_ThrowsInvalidArgument()
        => AssertInvalid(() => ProcessSet.Of((IEnumerable<WttProcessHandle>)null!));

    [Fact]
    public void Of_NullHandle_ThrowsInvalidArgument()
        => AssertInvalid(() => ProcessSet.Of(new WttProcessHandle(WttProcessId.New()), null!));

    [Fact]
    public void Tree_Root_IsTheOnlyHandleAndGivesMachine()
    {
        var root = new WttProcessHandle(WttProcessId.New(), "lab-03");

        var set = ProcessSet.Tree(root);

        Assert.Equal(ProcessSetKind.Tree, set.Kind);
        Assert.Equal([root], set.Handles);
        Assert.Equal("lab-03", set.Machine);
        Assert.Equal($"tree of {root}", set.ToString());
    }

    [Fact]
    public void Tree_NullRoot_ThrowsInvalidArgument()
        => AssertInvalid(() => ProcessSet.Tree(null!));

    [Fact]
    public void Group_Id_HasNoHandles()
    {
        var group = WttProcessId.New();

        var set = ProcessSet.Group(group, "lab-04");

        Assert.Equal(ProcessSetKind.Group, set.Kind);
        Assert.Empty(set.Handles);
        Assert.Equal(group, set.GroupId);
        Assert.Equal("lab-04", set.Machine);
        Assert.Equal($"group {group}", set.ToString());
    }

    [Fact]
    public void Group_EmptyMachine_MeansThisMachine()
        => Assert.Null(ProcessSet.Group(WttProcessId.New(), string.Empty).Machine);

    [Fact]
    public void Group_Nil_ThrowsInvalidArgument()
        => AssertInvalid(() => ProcessSet.Group(WttProcessId.Nil));

    private static void AssertInvalid(Func<ProcessSet> create)
        => Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(create).ErrorCode);
}
