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

    [Fact(Timeout = 30_000)]
    public async Task ReadThreads_SingleThreadedProcess_ListsItsOneThreadByName()
    {
        using var sleeper = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
        try
        {
            var start = ProcFs.ReadStartTime(sleeper.Id);

            var threads = ProcFs.ReadThreads(sleeper.Id, start);

            var only = Assert.Single(threads);
            Assert.Equal(sleeper.Id, only.OsThreadId);
            Assert.Equal("sleep", only.Name);
            Assert.Empty(ProcFs.ReadThreads(sleeper.Id, start + 1));
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }
    }

    [Fact]
    public void ReadThreads_NamedThreadOfThisProcess_IsListedWithItsName()
    {
        using var started = new ManualResetEventSlim();
        using var stop = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            started.Set();
            stop.Wait(TimeSpan.FromSeconds(30));
        })
        { Name = "wtt-named", IsBackground = true };
        thread.Start();
        started.Wait(TimeSpan.FromSeconds(30));
        try
        {
            var threads = ProcFs.ReadThreads(Environment.ProcessId, ProcFs.ReadStartTime(Environment.ProcessId));

            Assert.True(threads.Count > 1);
            Assert.Contains(threads, t => t.Name == "wtt-named");
        }
        finally
        {
            stop.Set();
            thread.Join();
        }
    }
}
