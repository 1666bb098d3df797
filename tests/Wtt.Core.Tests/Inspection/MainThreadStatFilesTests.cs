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
            var self = (Environment.ProcessId, ProcFs.ReadStartTime(Environment.ProcessId));
            var sleepers = new[] { (first.Id, ProcFs.ReadStartTime(first.Id)), (second.Id, ProcFs.ReadStartTime(second.Id)) };

            Assert.True(files.TryRead(self.Item1, self.Item2, out _, out _));
            Assert.True(files.TryRead(sleepers[0].Item1, sleepers[0].Item2, out _, out var name));
            Assert.Equal("sleep", name);
            Assert.Equal(2, files.CountForTesting);

            // The third process finds the limit reached: the two kept are closed, and its own file is kept.
            Assert.True(files.TryRead(sleepers[1].Item1, sleepers[1].Item2, out var stat, out _));
            Assert.Equal(sleepers[1].Item2, stat.StartTime);
            Assert.Equal(1, files.CountForTesting);

            // The processes whose files were closed still read, through a file opened again.
            Assert.True(files.TryRead(self.Item1, self.Item2, out stat, out _));
            Assert.Equal(self.Item2, stat.StartTime);
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
