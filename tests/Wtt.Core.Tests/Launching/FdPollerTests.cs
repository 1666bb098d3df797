// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using System.Runtime.Versioning;
using Wtt.Core.Launching.Native;

namespace Wtt.Core.Tests.Launching;

/// <summary>The launcher's process watcher: its epoll set, and the rules of when an fd leaves it and is closed.</summary>
[SupportedOSPlatform("linux")]
public sealed class FdPollerTests : IDisposable
{
    private const int Timeout = 30_000;

    /// <summary>A number no fd has (far past any open-file limit), where a closed fd's number could be reused at once by another test.</summary>
    private const int NotAnFd = int.MaxValue;
    private readonly List<int> fds = [];

    [LinuxFact(Timeout = Timeout)]
    public async Task Event_AmongAThousandIdlePipes_ReachesItsHandler_AndOnlyIt()
    {
        var idle = new Recorder(FdPoller.PollAction.Keep);
        for (var i = 0; i < 1_000; i++)
        {
            var (read, _) = Pipe();
            FdPoller.Shared.Add(read, idle);
        }

        var (active, write) = Pipe();
        var recorder = new Recorder(FdPoller.PollAction.Keep);
        FdPoller.Shared.Add(active, recorder);

        for (var round = 1; round <= 3; round++)
        {
            await AssertReachesAsync(recorder, active, write);
        }

        Assert.Equal(0, idle.Calls);
        Assert.True(InKernelSet(active, Identity(active)));
        foreach (var fd in fds.Where((_, i) => i % 2 == 0))
        {
            FdPoller.Shared.Remove(fd, fd == active ? recorder : idle, close: false);
        }

        await FdPoller.Shared.FlushAsync();
    }

    [LinuxFact(Timeout = Timeout)]
    public async Task HandlerThatRemoves_IsNotCalledAgain_ThoughItsFdStaysReadable()
    {
        // The byte is never read, so the fd stays readable: an fd still in the set would be reported on every wait.
        var (read, write) = Pipe();
        var recorder = new Recorder(FdPoller.PollAction.Remove);
        var first = recorder.Next();
        FdPoller.Shared.Add(read, recorder);
        Write(write);
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        await FdPoller.Shared.FlushAsync();
        await FdPoller.Shared.FlushAsync();

        Assert.Equal(1, recorder.Calls);
        Assert.False(InKernelSet(read), "the fd is still in the epoll set, which then reports it on every wait");
    }

    [LinuxFact(Timeout = Timeout)]
    public async Task Remove_ForAnotherHandler_LeavesTheRegistrationAndTheFdAlone()
    {
        // What a late Remove of a handler whose fd number was recycled does: nothing to the number's new owner.
        var (read, write) = Pipe();
        var owner = new Recorder(FdPoller.PollAction.Keep);
        FdPoller.Shared.Add(read, owner);

        var identity = Identity(read);
        FdPoller.Shared.Remove(read, new Recorder(FdPoller.PollAction.Keep), close: true);
        await FdPoller.Shared.FlushAsync();

        Assert.True(IsStillOpen(read, identity));
        await AssertReachesAsync(owner, read, write);
        await StopWatchingAsync(read, owner);
    }

    [LinuxFact(Timeout = Timeout)]
    public async Task Release_TakesTheFdOutAndClosesIt()
    {
        var (read, write) = Pipe();
        var recorder = new Recorder(FdPoller.PollAction.Keep);
        FdPoller.Shared.Add(read, recorder);
        var identity = Identity(read);

        FdPoller.Shared.Release(read);
        await FdPoller.Shared.FlushAsync();

        Assert.False(IsStillOpen(read, identity));
        Assert.False(InKernelSet(read, identity));
        _ = fds.Remove(read);

        // The number may be reused at once: the new fd joins the set as any other does.
        var (again, writeAgain) = Pipe();
        FdPoller.Shared.Add(again, recorder);
        await AssertReachesAsync(recorder, again, writeAgain);
        await StopWatchingAsync(again, recorder);
    }

    [LinuxFact(Timeout = Timeout)]
    public async Task RemoveAndClose_FromTheHandler_ClosesTheFdOnThePollThread()
    {
        var (read, write) = Pipe();
        var recorder = new Recorder(FdPoller.PollAction.RemoveAndClose);
        var first = recorder.Next();
        var identity = Identity(read);
        FdPoller.Shared.Add(read, recorder);
        Write(write);
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        await FdPoller.Shared.FlushAsync();

        Assert.False(IsStillOpen(read, identity));
        _ = fds.Remove(read);
    }

    [LinuxFact]
    public void Add_OfANumberThatIsNoFd_FailsWithTheReason()
    {
        var error = Assert.Throws<WttException>(() => FdPoller.Shared.Add(NotAnFd, new Recorder(FdPoller.PollAction.Keep)));

        Assert.Equal(WttErrorCode.StartFailed, error.ErrorCode);
        Assert.Contains("epoll_ctl", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Add_OfSeveralFdsOneOfWhichFails_WatchesNoneOfThem()
    {
        var (first, _) = Pipe();

        _ = Assert.Throws<WttException>(() => FdPoller.Shared.Add([first, NotAnFd], new Recorder(FdPoller.PollAction.Keep)));

        Assert.False(InKernelSet(first));
    }

    public void Dispose()
    {
        foreach (var fd in fds)
        {
            Syscalls.CloseQuietly(fd);
        }
    }

    /// <summary>Writes a byte to <paramref name="write"/> and checks that <paramref name="recorder"/> is called for <paramref name="read"/>.</summary>
    private static async Task AssertReachesAsync(Recorder recorder, int read, int write)
    {
        var next = recorder.Next();
        Write(write);
        Assert.Equal(read, await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Takes <paramref name="fd"/> out of the watcher (without closing it) and waits until that is done.</summary>
    private static async Task StopWatchingAsync(int fd, Recorder recorder)
    {
        FdPoller.Shared.Remove(fd, recorder, close: false);
        await FdPoller.Shared.FlushAsync();
    }

    private static unsafe void Write(int fd)
    {
        byte one = 1;
        Assert.Equal(1, (int)LibC.write(fd, &one, 1));
    }

    /// <summary>
    /// Tells whether the kernel's epoll set of the watcher holds <paramref name="fd"/> (its <c>tfd:</c> lines); with
    /// <paramref name="identity"/> (<c>pipe:[inode]</c>), only that file under that number, which another test may reuse.
    /// </summary>
    private static bool InKernelSet(int fd, string? identity = null)
        => File.ReadLines($"/proc/self/fdinfo/{FdPoller.Shared.EpollFd}")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => fields.Length > 1 && fields[0] == "tfd:" && fields[1] == fd.ToString(CultureInfo.InvariantCulture)
                && (identity is null || fields.Any(field => field == $"ino:{InodeOf(identity):x}")));

    private static long InodeOf(string identity) => long.Parse(identity[(identity.IndexOf('[', StringComparison.Ordinal) + 1)..^1], CultureInfo.InvariantCulture);

    /// <summary>Gets what an fd is (<c>pipe:[inode]</c>), which tells it apart from a later fd of the same number.</summary>
    private static string? Identity(int fd) => new FileInfo($"/proc/self/fd/{fd}").LinkTarget;

    /// <summary>Tells whether <paramref name="fd"/> is still the file it was: the number alone may already be another test's fd.</summary>
    private static bool IsStillOpen(int fd, string? identity) => identity is not null && Identity(fd) == identity;

    private unsafe (int Read, int Write) Pipe()
    {
        var ends = stackalloc int[2];
        Assert.Equal(0, LibC.pipe2(ends, LibC.O_CLOEXEC));
        fds.Add(ends[0]);
        fds.Add(ends[1]);
        return (ends[0], ends[1]);
    }

    /// <summary>Counts its calls and hands the fd of each to the test; what it returns is fixed.</summary>
    private sealed class Recorder(FdPoller.PollAction action) : IPollHandler
    {
        private TaskCompletionSource<int>? pending;
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public Task<int> Next()
        {
            var next = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref pending, next);
            return next.Task;
        }

        public unsafe FdPoller.PollAction OnReady(int fd, short events)
        {
            _ = Interlocked.Increment(ref calls);
            if (action == FdPoller.PollAction.Keep)
            {
                byte buffer;
                _ = LibC.read(fd, &buffer, 1);
            }

            _ = Volatile.Read(ref pending)?.TrySetResult(fd);
            return action;
        }
    }
}
