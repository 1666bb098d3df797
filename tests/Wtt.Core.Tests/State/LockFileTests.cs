// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core.Tests.State;

public sealed class LockFileTests : IDisposable
{
    private readonly TempStateRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact(Timeout = 10_000)]
    public async Task Acquire_WhileHeldElsewhere_WaitsThenGetsItOnRelease()
    {
        Directory.CreateDirectory(_root.Path);
        var path = Path.Combine(_root.Path, ".lock");
        var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        using (var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LockFile.AcquireAsync(path, shortWait.Token).AsTask());
        }

        var acquiring = LockFile.AcquireAsync(path, CancellationToken.None).AsTask();
        await held.DisposeAsync();

        using var taken = await acquiring;
        Assert.False(taken.IsClosed);
    }

    [Fact(Timeout = 10_000)]
    public async Task Acquired_KeepsOutAFileShareNoneOpen_UntilDisposed()
    {
        // Another Wtt process, or an older one, takes the same lock with a FileShare.None open (a flock on Unix).
        Directory.CreateDirectory(_root.Path);
        var path = Path.Combine(_root.Path, ".lock");
        var taken = await LockFile.AcquireAsync(path, CancellationToken.None);

        var error = Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        Assert.True(LockFile.IsSharingViolation(error), $"HResult 0x{error.HResult:x8}: {error.Message}");
        taken.Dispose();

        using var after = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LockFile.AcquireAsync(path, shortWait.Token).AsTask());
    }

    [Fact]
    public async Task Acquire_MissingFolder_Throws()
    {
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => LockFile.AcquireAsync(Path.Combine(_root.Path, "missing", ".lock"), CancellationToken.None).AsTask());
    }

    [Fact]
    public void SharingViolation_HResult_IsRecognised()
    {
        Directory.CreateDirectory(_root.Path);
        var path = Path.Combine(_root.Path, ".lock");
        using var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var error = Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));

        Assert.True(LockFile.IsSharingViolation(error), $"HResult 0x{error.HResult:x8}: {error.Message}");
    }
}
