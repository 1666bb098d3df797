// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Processes;

public sealed class ProcessRecordsTests
{
    [Fact]
    public void ProcessInfo_ToString_ShowsIdMachineAndStatus()
    {
        var id = WttProcessId.New();

        Assert.Equal($"{id} Running", new ProcessInfo(id) { Status = ProcessStatus.Running }.ToString());
        Assert.Equal($"{id}@lab-01 Exited", new ProcessInfo(id) { Machine = "lab-01", Status = ProcessStatus.Exited }.ToString());
    }

    [Fact]
    public void ProcessInfo_Defaults_AreEmptyAndDefaultDebugTimeout()
    {
        var info = new ProcessInfo(WttProcessId.New());

        Assert.Empty(info.Arguments);
        Assert.Empty(info.Threads);
        Assert.Empty(info.LogFiles);
        Assert.Empty(info.Variations);
        Assert.Equal(ProcessStartSpec.DefaultDebugTimeout, info.DebugTimeout);
    }

    [Fact]
    public void ProcessCredentials_ToString_NeverShowsPassword()
    {
        Assert.Equal("alice", new ProcessCredentials("alice") { Password = "secret" }.ToString());
        Assert.Equal(@"LAB\alice", new ProcessCredentials("alice") { Domain = "LAB", Password = "secret" }.ToString());
    }

    [Fact]
    public void ProcessListOptions_All_HasDocumentedDefaults()
    {
        Assert.Null(ProcessListOptions.All.Machine);
        Assert.Null(ProcessListOptions.All.Filter);
        Assert.False(ProcessListOptions.All.ResolveRemote);
        Assert.False(ProcessListOptions.All.IncludeDetails);
    }
}
