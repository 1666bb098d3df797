// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Launching.Native;

/// <content>The poll loop.</content>
internal sealed unsafe partial class FdPoller
{
    private void Run()
    {
        var set = new LibC.PollFd[16];
        var count = 0;
        var dirty = true;
        while (true)
        {
            dirty |= ApplyCommands();
            if (dirty)
            {
                if (set.Length < _handlers.Count + 1)
                {
                    set = new LibC.PollFd[(_handlers.Count + 1) * 2];
                }

                set[0] = new LibC.PollFd { Fd = _wakeFd, Events = LibC.POLLIN };
                count = 1;
                foreach (var fd in _handlers.Keys)
                {
                    set[count++] = new LibC.PollFd { Fd = fd, Events = LibC.POLLIN };
                }

                dirty = false;
            }

            int ready;
            fixed (LibC.PollFd* p = set)
            {
                ready = LibC.poll(p, (nuint)count, -1);
            }

            if (ready <= 0)
            {
                continue; // EINTR
            }

            if (set[0].REvents != 0)
            {
                ulong value;
                _ = LibC.read(_wakeFd, (byte*)&value, sizeof(ulong));
            }

            for (var i = 1; i < count; i++)
            {
                if (set[i].REvents == 0 || !_handlers.TryGetValue(set[i].Fd, out var handler))
                {
                    continue;
                }

                PollAction action;
                try
                {
                    action = handler.OnReady(set[i].Fd, set[i].REvents);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    action = PollAction.Remove;
                }

                if (action != PollAction.Keep)
                {
                    _ = _handlers.Remove(set[i].Fd);
                    dirty = true;
                    if (action == PollAction.RemoveAndClose)
                    {
                        Syscalls.CloseQuietly(set[i].Fd);
                    }
                }
            }
        }
    }

    private bool ApplyCommands()
    {
        var changed = false;
        lock (_gate)
        {
            while (_commands.TryDequeue(out var command))
            {
                if (command.Done is { } done)
                {
                    done.TrySetResult();
                    continue;
                }

                changed = true;
                if (!command.Removal)
                {
                    _handlers[command.Fd] = command.Handler!;
                }
                else
                {
                    // IfPolled closes only what is still this handler's: it may have removed and closed it already.
                    var polled = _handlers.TryGetValue(command.Fd, out var current) && (command.Handler is null || ReferenceEquals(current, command.Handler));
                    if (polled)
                    {
                        _ = _handlers.Remove(command.Fd);
                    }

                    if ((polled && command.Close == CloseMode.IfPolled) || command.Close == CloseMode.Always)
                    {
                        Syscalls.CloseQuietly(command.Fd);
                    }
                }
            }
        }

        return changed;
    }
}
