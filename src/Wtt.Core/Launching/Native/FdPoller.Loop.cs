// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core.Launching.Native;

/// <content>The poll loop.</content>
internal sealed unsafe partial class FdPoller
{
    private const int EventsPerWait = 64;
    private const int LastingErrorPause = 100;

    private void Run()
    {
        var events = stackalloc byte[EventsPerWait * Epoll.MaxEventSize];
        while (true)
        {
            ApplyCommands();
            var ready = LibC.epoll_wait(_epollFd, events, EventsPerWait, -1);
            if (ready < 0 && Marshal.GetLastPInvokeError() != LibC.EINTR)
            {
                // Cannot happen short of a stray close of the epoll fd: wait a little rather than spin a core.
                Thread.Sleep(LastingErrorPause);
            }

            for (var i = 0; i < ready; i++)
            {
                var (registration, flags) = Epoll.Read(events, i);
                if (registration == WakeRegistration)
                {
                    ulong value;
                    _ = LibC.read(_wakeFd, (byte*)&value, sizeof(ulong));
                    continue;
                }

                Registration polled;
                lock (_gate)
                {
                    // Dropped: the fd left the set after this event was fetched (an earlier event of this batch, or a command).
                    if (!_registrations.TryGetValue(registration, out polled))
                    {
                        continue;
                    }
                }

                PollAction action;
                try
                {
                    action = polled.Handler.OnReady(polled.Fd, (short)flags);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    action = PollAction.Remove;
                }

                if (action == PollAction.Keep)
                {
                    continue;
                }

                bool left;
                lock (_gate)
                {
                    left = Unregister(polled.Fd, polled.Handler);
                }

                // Closed only if it was still this registration's: a number another registration took meanwhile (its fd
                // closed outside the rules and the number reused) is the new owner's.
                if (action == PollAction.RemoveAndClose && left)
                {
                    Syscalls.CloseQuietly(polled.Fd);
                }
            }
        }
    }

    private void ApplyCommands()
    {
        lock (_gate)
        {
            while (_commands.TryDequeue(out var command))
            {
                if (command.Done is { } done)
                {
                    done.TrySetResult();
                    continue;
                }

                // IfPolled closes only what is still this handler's: it may have removed and closed it already.
                var polled = Unregister(command.Fd, command.Handler);
                if ((polled && command.Close == CloseMode.IfPolled) || command.Close == CloseMode.Always)
                {
                    Syscalls.CloseQuietly(command.Fd);
                }
            }
        }
    }
}
