// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using Wtt.Core.Inspection;

namespace Wtt.Core.Tests.Inspection;

/// <summary>The main threads' stat files kept open: read again with one pread, never taken for another process.</summary>
public sealed class MainThreadStatFilesTests
{
    [Fact(Timeout = 30_000)]
    public async Task ReadThreads_ARunningProcess_KeepsItsFile_AndReadsIt_UntilTheProcessIsGone()
    {
        using var files = new MainThreadStatFiles();
        using var sleeper = Process.Start(new ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
        var start = ProcFs.ReadStartTime(sleeper.Id);
        try
        {
            var first = ProcFs.ReadThreads(sleeper.Id, start, files);
            var second = ProcFs.ReadThreads(sleeper.Id, start, files);

            Assert.Equal("sleep", Assert.Single(first).Name);
            Assert.Equal(sleeper.Id, Assert.Single(second).OsThreadId);
            Assert.Equal(1, files.CountForTesting);
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }

        // Reaped: the kept file reads nothing, and is let go.
        Assert.Empty(ProcFs.ReadThreads(sleeper.Id, start, files));
        Assert.Equal(0, files.CountForTesting);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadThreads_AnotherStartTime_IsNotTakenForTheProcess_AndKeepsNothing()
    {
        using var files = new MainThreadStatFiles();
        using var sleeper = Process.Start(new ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
        try
        {
            var start = ProcFs.ReadStartTime(sleeper.Id);

            Assert.Empty(ProcFs.ReadThreads(sleeper.Id, start + 1, files));
            Assert.Equal(0, files.CountForTesting);
            Assert.Single(ProcFs.ReadThreads(sleeper.Id, start, files));
            Assert.Empty(ProcFs.ReadThreads(sleeper.Id, start + 1, files));
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }
    }

    [Fact]
    public void Forget_And_Dispose_CloseTheFiles_AndReadsStillAnswer()
    {
        var files = new MainThreadStatFiles();
        var pid = Environment.ProcessId;
        var start = ProcFs.ReadStartTime(pid);
        Assert.True(files.TryRead(pid, start, out var stat, out _));
        Assert.Equal(start, stat.StartTime);
        Assert.Equal(1, files.CountForTesting);

        files.Forget(pid, start);
        Assert.Equal(0, files.CountForTesting);
        Assert.True(files.TryRead(pid, start, out _, out _));
        files.Dispose();

        Assert.Equal(0, files.CountForTesting);
        Assert.True(files.TryRead(pid, start, out stat, out _));
        Assert.Equal(start, stat.StartTime);
        Assert.Equal(0, files.CountForTesting);
    }

    [Fact(Timeout = 30_000)]
    public async Task TryRead_OneProcessPastTheLimit_ClosesTheFilesKept_AndKeepsItsOwn_EveryReadAnswering()
    {
        using var files = new MainThreadStatFiles(mostKept: 2);
        using var first = Process.Start(new ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
        using var second = Process.Start(new ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
        try
        {
            var self = (Pid: Environment.ProcessId, Start: ProcFs.ReadStartTime(Environment.ProcessId));
            var one = (Pid: first.Id, Start: ProcFs.ReadStartTime(first.Id));
            var two = (Pid: second.Id, Start: ProcFs.ReadStartTime(second.Id));

            Assert.True(files.TryRead(self.Pid, self.Start, out _, out _));
            Assert.True(files.TryRead(one.Pid, one.Start, out _, out var name));
            Assert.Equal("sleep", name);
            Assert.Equal(2, files.CountForTesting);

            // The third process finds the limit reached: the two kept are closed, and its own file is kept.
            Assert.True(files.TryRead(two.Pid, two.Start, out var stat, out _));
            Assert.Equal(two.Start, stat.StartTime);
            Assert.Equal(1, files.CountForTesting);

            // The processes whose files were closed still read, through a file opened again.
            Assert.True(files.TryRead(self.Pid, self.Start, out stat, out _));
            Assert.Equal(self.Start, stat.StartTime);
            Assert.Equal(2, files.CountForTesting);
        }
        finally
        {
            first.Kill();
            second.Kill();
            await first.WaitForExitAsync();
            await second.WaitForExitAsync();
        }
    }
}
