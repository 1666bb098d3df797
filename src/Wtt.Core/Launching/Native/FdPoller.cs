// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core.Launching.Native;

/// <summary>
/// One dedicated thread that waits, in one epoll set, on every pidfd and output pipe the launcher watches, so a
/// started process costs no thread of its own, and an event costs the same however many processes are watched.
/// Handlers run on that thread and must be short.
/// </summary>
/// <remarks>
/// <para>
/// An fd joins the set from the caller's thread (<see cref="Add(int, IPollHandler)"/>), with no wake-up of the poll
/// thread. It leaves the set before it is closed, always: on the poll thread (<see cref="Remove"/> and
/// <see cref="Release"/> are applied there), or there when its handler returned <see cref="PollAction.Remove"/>, before
/// its owner closes it. So a recycled fd number is never watched by mistake, and no closed pipe stays in the set through
/// a duplicate of it (epoll keys an entry by the open file, which a duplicate keeps alive).
/// </para>
/// <para>
/// Each registration carries its own number in the event, not the fd: an event that was already fetched for an fd that
/// left the set meanwhile finds no registration and is dropped.
/// </para>
/// </remarks>
internal sealed unsafe partial class FdPoller
{
    private const ulong WakeRegistration = 0;
    private static readonly Lazy<FdPoller> SharedInstance = new(() => new FdPoller(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lock _gate = new();
    private readonly Queue<Command> _commands = new();
    private readonly Dictionary<ulong, Registration> _registrations = [];
    private readonly Dictionary<int, ulong> _byFd = [];
    private readonly int _epollFd;
    private readonly int _wakeFd;
    private ulong _lastRegistration;

    private FdPoller()
    {
        _epollFd = LibC.epoll_create1(LibC.O_CLOEXEC);
        _wakeFd = _epollFd < 0 ? -1 : LibC.eventfd(0, LibC.O_CLOEXEC);
        if (_wakeFd < 0 || !Epoll.Control(_epollFd, Epoll.Add, _wakeFd, WakeRegistration))
        {
            throw new WttException(WttErrorCode.StartFailed, $"epoll_create1, eventfd or epoll_ctl failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}; the process watcher cannot start.");
        }

        var thread = new Thread(Run) { IsBackground = true, Name = "Wtt process watcher" };
        thread.Start();
    }

    /// <summary>What a handler wants after it ran.</summary>
    internal enum PollAction
    {
        /// <summary>Keep polling the fd.</summary>
        Keep,

        /// <summary>Stop polling; the owner closes the fd.</summary>
        Remove,

        /// <summary>Stop polling and close the fd.</summary>
        RemoveAndClose,
    }

    /// <summary>Gets the process-wide poller.</summary>
    internal static FdPoller Shared => SharedInstance.Value;

    /// <summary>Gets the epoll fd, whose <c>/proc/self/fdinfo</c> lists the fds in the kernel's set (for tests).</summary>
    internal int EpollFd => _epollFd;

    /// <summary>Starts polling <paramref name="fd"/> for readability.</summary>
    /// <exception cref="WttException">The kernel refused to watch it (out of memory, or of epoll watches).</exception>
    internal void Add(int fd, IPollHandler handler)
    {
        lock (_gate)
        {
            Register(fd, handler);
        }
    }

    /// <summary>Starts polling several fds for one handler; a negative fd is skipped.</summary>
    /// <exception cref="WttException">The kernel refused to watch one; none of them is watched then.</exception>
    internal void Add(ReadOnlySpan<int> fds, IPollHandler handler)
    {
        lock (_gate)
        {
            for (var i = 0; i < fds.Length; i++)
            {
                if (fds[i] < 0)
                {
                    continue;
                }

                try
                {
                    Register(fds[i], handler);
                }
                catch (WttException)
                {
                    for (var j = 0; j < i; j++)
                    {
                        _ = Unregister(fds[j], handler);
                    }

                    throw;
                }
            }
        }
    }

    /// <summary>
    /// Stops polling <paramref name="fd"/> for <paramref name="handler"/> and, when it was still polled for it and
    /// <paramref name="close"/> is set, closes it on the poll thread. A registration of the same fd number by
    /// another handler (the number was recycled after the handler closed it) is left alone.
    /// </summary>
    internal void Remove(int fd, IPollHandler handler, bool close) => Enqueue(new Command(fd, handler, close ? CloseMode.IfPolled : CloseMode.Never));

    /// <summary>Stops polling <paramref name="fd"/> if it still is, and closes it on the poll thread in any case.</summary>
    internal void Release(int fd) => Enqueue(new Command(fd, null, CloseMode.Always));

    /// <summary>Completes once the poll thread has applied every command queued before, and every handler that ran before it (for tests).</summary>
    /// <returns>The task.</returns>
    internal Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Command(-1, null, CloseMode.Never, Done: done));
        return done.Task;
    }

    /// <summary>Adds <paramref name="fd"/> to the set; the caller holds the gate.</summary>
    private void Register(int fd, IPollHandler handler)
    {
        // A number still registered was closed without leaving the set (by a path outside the rules above); the kernel
        // dropped that entry with its file, and the new file takes the number's place.
        _ = Unregister(fd, handler: null);
        var registration = ++_lastRegistration;
        if (!Epoll.Control(_epollFd, Epoll.Add, fd, registration))
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new WttException(WttErrorCode.StartFailed, $"Watching fd {fd} failed: epoll_ctl: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}); the machine is out of memory or of epoll watches (fs.epoll.max_user_watches).");
        }

        _registrations[registration] = new Registration(fd, handler);
        _byFd[fd] = registration;
    }

    /// <summary>Takes <paramref name="fd"/> out of the set if it is there for <paramref name="handler"/> (any handler when null); the caller holds the gate.</summary>
    /// <returns>Whether it was.</returns>
    private bool Unregister(int fd, IPollHandler? handler)
    {
        if (!_byFd.TryGetValue(fd, out var registration) || (handler is not null && !ReferenceEquals(_registrations[registration].Handler, handler)))
        {
            return false;
        }

        _ = _byFd.Remove(fd);
        _ = _registrations.Remove(registration);
        _ = Epoll.Control(_epollFd, Epoll.Delete, fd, 0);
        return true;
    }

    private void Enqueue(Command command)
    {
        lock (_gate)
        {
            _commands.Enqueue(command);
        }

        ulong one = 1;
        _ = LibC.write(_wakeFd, (byte*)&one, sizeof(ulong));
    }

    private enum CloseMode
    {
        Never,
        IfPolled,
        Always,
    }

    private readonly record struct Command(int Fd, IPollHandler? Handler, CloseMode Close, TaskCompletionSource? Done = null);

    private readonly record struct Registration(int Fd, IPollHandler Handler);
}
