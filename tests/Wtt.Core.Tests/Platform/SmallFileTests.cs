// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;
using Wtt.Core.Tests.Launching;
using Wtt.Core.Tests.ProcessTable;

namespace Wtt.Core.Tests.Platform;

public sealed class SmallFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("wtt-smallfile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TryReadNumbers_LinesAndSpaces_ReadsEveryNumberInOrder()
    {
        var path = Path.Combine(folder, "procs");
        File.WriteAllText(path, "12\n345 6\n\n7");
        var numbers = new List<int> { 1 };

        Assert.True(SmallFile.TryReadNumbers(path, numbers));
        Assert.Equal([1, 12, 345, 6, 7], numbers);
    }

    [Fact]
    public void TryReadNumbers_LongerThanOneRead_NumberSplitAcrossReadsIsWhole()
    {
        var path = Path.Combine(folder, "many");
        var expected = Enumerable.Range(100_000, 2_000).ToList();
        File.WriteAllText(path, string.Join('\n', expected) + "\n");
        var numbers = new List<int>();

        Assert.True(SmallFile.TryReadNumbers(path, numbers));
        Assert.Equal(expected, numbers);
    }

    [Fact]
    public void TryReadNumbers_MissingFile_ReturnsFalse()
        => Assert.False(SmallFile.TryReadNumbers(Path.Combine(folder, "missing"), []));

    [Fact]
    public void TryReadNumbers_ChildrenOfThisThread_ListsAChildItStarted()
    {
        using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
        try
        {
            var children = new List<int>();
            foreach (var task in Directory.GetDirectories($"/proc/{Environment.ProcessId}/task"))
            {
                _ = SmallFile.TryReadNumbers(Path.Combine(task, "children"), children);
            }

            Assert.Contains(child.Id, children);
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void Create_NewFile_HoldsTheBytes_AndANewOneOverItFails()
    {
        var path = Path.Combine(folder, "doc.json");

        SmallFile.Create(path, "{\"a\":1}"u8, replace: false);

        Assert.Equal("{\"a\":1}", File.ReadAllText(path));
        Assert.Throws<IOException>(() => SmallFile.Create(path, "x"u8, replace: false));
        SmallFile.Create(path, [], replace: true);
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public void Create_MissingFolder_ThrowsDirectoryNotFound()
        => Assert.Throws<DirectoryNotFoundException>(() => SmallFile.Create(Path.Combine(folder, "no", "file"), "x"u8, replace: false));

    [LinuxFact]
    public void TryCreateWhole_NewFile_HoldsTheBytes_AndNothingElseIsLeftInTheFolder()
    {
        using var shm = new TempTableFolder(); // on tmpfs, which makes unnamed files since Linux 3.11
        var path = Path.Combine(shm.Path, "complete");

        Assert.True(SmallFile.TryCreateWhole(shm.Path, path, "{\"lastStatus\":\"exited\"}"u8));

        Assert.Equal("{\"lastStatus\":\"exited\"}", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(shm.Path));
    }

    [LinuxFact]
    public void TryCreateWhole_FileThere_ReturnsFalse_AndKeepsIt()
    {
        using var shm = new TempTableFolder();
        var path = Path.Combine(shm.Path, "complete");
        File.WriteAllText(path, "first");

        Assert.False(SmallFile.TryCreateWhole(shm.Path, path, "second"u8));

        Assert.Equal("first", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(shm.Path));
    }

    [LinuxFact]
    public void TryCreateWhole_MissingFolder_ThrowsDirectoryNotFound()
    {
        using var shm = new TempTableFolder();
        var missing = Path.Combine(shm.Path, "gone");

        Assert.Throws<DirectoryNotFoundException>(() => SmallFile.TryCreateWhole(missing, Path.Combine(missing, "complete"), "x"u8));
    }

    [LinuxFact]
    public void TryCreateWhole_LinkedByProcPath_MakesTheFile_RefusesASecond_AndTellsAMissingFolder()
    {
        using var shm = new TempTableFolder();
        var path = Path.Combine(shm.Path, "complete");
        var before = SmallFile.LinkByProcPath;
        SmallFile.LinkByProcPath = true;
        try
        {
            Assert.True(SmallFile.TryCreateWhole(shm.Path, path, "one"u8));
            Assert.False(SmallFile.TryCreateWhole(shm.Path, path, "two"u8));
            var missing = Path.Combine(shm.Path, "gone");
            Assert.Throws<DirectoryNotFoundException>(() => SmallFile.TryCreateWhole(shm.Path, Path.Combine(missing, "complete"), "x"u8));
        }
        finally
        {
            SmallFile.LinkByProcPath = before;
        }

        Assert.Equal("one", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(shm.Path));
    }

    [LinuxFact]
    public void TryCreateWhole_RelativeToAKeptFolder_MakesTheFileUnderIt_EitherWayOfLinking()
    {
        using var shm = new TempTableFolder();
        Directory.CreateDirectory(Path.Combine(shm.Path, "process"));
        var kept = new KeptFolder(shm.Path);
        var root = kept.Rent();
        Assert.NotNull(root);
        var before = SmallFile.LinkByProcPath;
        try
        {
            var fd = (int)root.DangerousGetHandle();
            SmallFile.LinkByProcPath = false;
            Assert.True(SmallFile.TryCreateWhole("process", "process/complete", "by descriptor"u8, fd));
            SmallFile.LinkByProcPath = true;
            Assert.True(SmallFile.TryCreateWhole("process", "process/state.json", "by path"u8, fd));
            Assert.False(SmallFile.TryCreateWhole("process", "process/complete", "again"u8, fd));
            Assert.Throws<DirectoryNotFoundException>(() => SmallFile.TryCreateWhole("gone", "gone/complete", "x"u8, fd));
        }
        finally
        {
            SmallFile.LinkByProcPath = before;
            root.DangerousRelease();
            kept.Drop(root);
        }

        Assert.Equal("by descriptor", File.ReadAllText(Path.Combine(shm.Path, "process", "complete")));
        Assert.Equal("by path", File.ReadAllText(Path.Combine(shm.Path, "process", "state.json")));
        Assert.True(root.IsClosed);
    }

    [LinuxFact(Privilege.Root)]
    public void TryCreateWhole_FileSystemWithoutUnnamedFiles_ReturnsNull_AndMakesNothing()
        => Assert.Null(SmallFile.TryCreateWhole("/proc", "/proc/wtt-never-made", "x"u8)); // procfs has no O_TMPFILE

    [LinuxFact]
    public async Task TryCreateWhole_ReaderAtTheSameTime_SeesNoFileOrAllOfIt()
    {
        // A megabyte takes many page copies: a file created with its name and then written would be seen part written.
        using var shm = new TempTableFolder();
        var content = Enumerable.Range(0, 1 << 20).Select(i => (byte)('a' + (i % 26))).ToArray();
        for (var round = 0; round < 20; round++)
        {
            var path = Path.Combine(shm.Path, $"complete-{round}");
            using var made = new ManualResetEventSlim();
            using var reading = new ManualResetEventSlim();
            var reader = Task.Run(() =>
            {
                reading.Set();
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
                try
                {
                    while (true)
                    {
                        var read = SmallFile.ReadAll(path, ref buffer);
                        if (read >= 0 || made.IsSet)
                        {
                            return read >= 0 ? read : SmallFile.ReadAll(path, ref buffer);
                        }
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            });

            Assert.True(reading.Wait(TimeSpan.FromSeconds(30)));
            Assert.True(SmallFile.TryCreateWhole(shm.Path, path, content));
            made.Set();

            Assert.Equal(content.Length, await reader.WaitAsync(TimeSpan.FromSeconds(30)));
        }
    }

    [Fact]
    public void TryWrite_MissingFile_ReturnsFalse_AndExistingFileIsWritten()
    {
        var path = Path.Combine(folder, "kill");
        Assert.False(SmallFile.TryWrite(path, "1"));
        File.WriteAllText(path, string.Empty);

        Assert.True(SmallFile.TryWrite(path, "1"));
        Assert.Equal("1", File.ReadAllText(path));
    }

    [Fact]
    public void Replace_ExistingTarget_TakesTheSourcesContent_AndTheSourceIsGone()
    {
        var source = Path.Combine(folder, "doc.tmp");
        var target = Path.Combine(folder, "doc.json");
        File.WriteAllText(target, "old");
        File.WriteAllText(source, "new");

        SmallFile.Replace(source, target);

        Assert.Equal("new", File.ReadAllText(target));
        Assert.False(File.Exists(source));
    }

    [Fact]
    public void TryMoveNew_NoTarget_MovesTheFile()
    {
        var source = Path.Combine(folder, "doc.tmp");
        var target = Path.Combine(folder, "doc.json");
        File.WriteAllText(source, "new");

        Assert.True(SmallFile.TryMoveNew(source, target));

        Assert.Equal("new", File.ReadAllText(target));
        Assert.False(File.Exists(source));
    }

    [Fact]
    public void TryMoveNew_TargetThere_ReturnsFalse_AndLeavesBothFiles()
    {
        var source = Path.Combine(folder, "doc.tmp");
        var target = Path.Combine(folder, "doc.json");
        File.WriteAllText(target, "kept");
        File.WriteAllText(source, "new");

        Assert.False(SmallFile.TryMoveNew(source, target));

        Assert.Equal("kept", File.ReadAllText(target));
        Assert.Equal("new", File.ReadAllText(source));
    }

    [Fact]
    public void TryMoveNew_MissingSource_ThrowsNamingIt()
    {
        var error = Assert.ThrowsAny<IOException>(() => SmallFile.TryMoveNew(Path.Combine(folder, "missing.tmp"), Path.Combine(folder, "doc.json")));

        Assert.Contains("missing.tmp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_MissingSource_Throws_AndLeavesTheTarget()
    {
        var target = Path.Combine(folder, "doc.json");
        File.WriteAllText(target, "kept");

        var error = Assert.ThrowsAny<IOException>(() => SmallFile.Replace(Path.Combine(folder, "missing.tmp"), target));

        Assert.Contains("missing.tmp", error.Message, StringComparison.Ordinal);
        Assert.Equal("kept", File.ReadAllText(target));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrySetLastWriteTime_SetsTheWriteTimeToTheTick_AndLeavesTheAccessTime(bool isFolder)
    {
        var path = Path.Combine(folder, isFolder ? "sub" : "file");
        if (isFolder)
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            File.WriteAllText(path, "x");
        }

        var accessed = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastAccessTimeUtc(path, accessed);
        var written = new DateTime(2026, 12, 4, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);

        Assert.True(SmallFile.TrySetLastWriteTime(path, written));

        Assert.Equal(written, isFolder ? Directory.GetLastWriteTimeUtc(path) : File.GetLastWriteTimeUtc(path));
        Assert.Equal(accessed, File.GetLastAccessTimeUtc(path));
    }

    [Fact]
    public void TrySetLastWriteTime_BeforeTheEpochWithAFraction_SetsItToTheTick()
    {
        // A second before 1970 with a fraction: the seconds floor and the nanoseconds stay positive.
        var path = Path.Combine(folder, "old");
        File.WriteAllText(path, "x");
        var written = new DateTime(1969, 12, 31, 23, 59, 58, DateTimeKind.Utc).AddTicks(7654321);

        Assert.True(SmallFile.TrySetLastWriteTime(path, written));

        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void TrySetLastWriteTime_MissingPath_ReturnsFalse()
        => Assert.False(SmallFile.TrySetLastWriteTime(Path.Combine(folder, "missing", "deeper"), DateTime.UtcNow));

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(20_000)]
    public void ReadAll_FilesOfEverySize_ReadsThemWhole_GrowingTheRentedBuffer(int size)
    {
        var path = Path.Combine(folder, "doc");
        var bytes = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(path, bytes);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);

        var read = SmallFile.ReadAll(path, ref buffer);

        Assert.Equal(bytes, buffer.AsSpan(0, read).ToArray());
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }

    [Fact]
    public void ReadAll_MissingFileOrFolder_ReturnsMinusOne()
    {
        var buffer = new byte[16];

        Assert.Equal(-1, SmallFile.ReadAll(Path.Combine(folder, "missing"), ref buffer));
        Assert.Equal(-1, SmallFile.ReadAll(Path.Combine(folder, "missing", "doc"), ref buffer));
    }
}
