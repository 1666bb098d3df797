// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Inspection;

namespace Wtt.Core.Tests.Inspection;

public sealed class ProcFsTests
{
    // The project builds and runs its tests on Linux (see README); /proc is what is read here.
    [Fact]
    public void ReadThreads_ThisProcess_ListsItsThreadsWithStates()
    {
        var pid = Environment.ProcessId;

        var threads = ProcFs.ReadThreads(pid, ProcFs.ReadStartTime(pid));

        Assert.Contains(threads, t => t.OsThreadId == pid);
        Assert.All(threads, t => Assert.False(string.IsNullOrEmpty(t.State)));
    }

    [Fact]
    public void ReadThreads_RecycledPid_IsNotTakenForTheProcess()
    {
        var pid = Environment.ProcessId;

        Assert.Empty(ProcFs.ReadThreads(pid, ProcFs.ReadStartTime(pid) + 1));
    }
}
