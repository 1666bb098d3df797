// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Launching.Native;

/// <summary>Called on the <see cref="FdPoller"/> thread when a watched fd is readable, hung up or in error.</summary>
internal interface IPollHandler
{
    /// <summary>Handles readiness of <paramref name="fd"/>.</summary>
    /// <param name="fd">The fd.</param>
    /// <param name="events">The poll revents.</param>
    /// <returns>Whether to keep polling the fd.</returns>
    FdPoller.PollAction OnReady(int fd, short events);
}
