// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Launching.Native;

/// <summary>Completes a task when a pidfd polls readable, that is when its process has exited.</summary>
internal sealed class PidfdWaiter : IPollHandler
{
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes once the process has exited.</summary>
    public Task Exited => _exited.Task;

    /// <summary>Starts waiting for the process behind <paramref name="pidfd"/>.</summary>
    /// <returns>The waiter.</returns>
    public static PidfdWaiter Watch(int pidfd)
    {
        var waiter = new PidfdWaiter();
        FdPoller.Shared.Add(pidfd, waiter);
        return waiter;
    }

    /// <inheritdoc/>
    public FdPoller.PollAction OnReady(int fd, short events)
    {
        _ = _exited.TrySetResult();
        return FdPoller.PollAction.Remove;
    }
}
