// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core.Launching.Native;

/// <summary>
/// One dedicated thread that polls every pidfd and output pipe the launcher watches, so a started
/// process costs no thread of its own. Handlers run on that thread and must be short.
/// </summary>
/// <remarks>
/// An fd is closed only here, after it left the poll set (<see cref="Remove"/> with close), or by its
/// owner after its handler returned <see cref="PollAction.Remove"/>; so a recycled fd number is never polled by mistake.
/// </remarks>
internal sealed unsafe partial class FdPoller
{
    private static readonly Lazy<FdPoller> SharedInstance = new(() => new FdPoller(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lock _gate = new();
    private readonly Queue<Command> _commands = new();
    private readonly Dictionary<int, IPollHandler> _handlers = [];
    private readonly int _wakeFd;

    private FdPoller()
    {
        _wakeFd = LibC.eventfd(0, LibC.O_CLOEXEC);
        if (_wakeFd < 0)
        {
            throw new WttException(WttErrorCode.StartFailed, $"eventfd failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}; the process watcher cannot start.");
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

    /// <summary>Starts polling <paramref name="fd"/> for readability.</summary>
    internal void Add(int fd, IPollHandler handler) => Enqueue(new Command(fd, handler, CloseMode.Never));

    /// <summary>Starts polling several fds for one handler, with a single wake-up of the poll thread.</summary>
    internal void Add(ReadOnlySpan<int> fds, IPollHandler handler)
    {
        lock (_gate)
        {
            foreach (var fd in fds)
            {
                if (fd >= 0)
                {
                    _commands.Enqueue(new Command(fd, handler, CloseMode.Never));
                }
            }
        }

        Wake();
    }

    /// <summary>
    /// Stops polling <paramref name="fd"/> for <paramref name="handler"/> and, when it was still polled for it and
    /// <paramref name="close"/> is set, closes it on the poll thread. A registration of the same fd number by
    /// another handler (the number was recycled after the handler closed it) is left alone.
    /// </summary>
    internal void Remove(int fd, IPollHandler handler, bool close) => Enqueue(new Command(fd, handler, close ? CloseMode.IfPolled : CloseMode.Never, Removal: true));

    /// <summary>Stops polling <paramref name="fd"/> if it still is, and closes it on the poll thread in any case.</summary>
    internal void Release(int fd) => Enqueue(new Command(fd, null, CloseMode.Always, Removal: true));

    /// <summary>Completes once the poll thread has applied every command queued before, and every handler that ran before it (for tests).</summary>
    /// <returns>The task.</returns>
    internal Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Command(-1, null, CloseMode.Never, Done: done));
        return done.Task;
    }

    private void Enqueue(Command command)
    {
        lock (_gate)
        {
            _commands.Enqueue(command);
        }

        Wake();
    }

    private void Wake()
    {
        ulong one = 1;
        _ = LibC.write(_wakeFd, (byte*)&one, sizeof(ulong));
    }

    private enum CloseMode
    {
        Never,
        IfPolled,
        Always,
    }

    private readonly record struct Command(int Fd, IPollHandler? Handler, CloseMode Close, bool Removal = false, TaskCompletionSource? Done = null);
}
