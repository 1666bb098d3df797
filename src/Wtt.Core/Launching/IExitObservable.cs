// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>
/// A launched process whose exit can be observed on the thread that sees it, just before
/// <see cref="ILaunchedProcess.Exited"/> completes, so an observer that only records the exit needs no hop to the thread
/// pool before the callers it wakes can run.
/// </summary>
internal interface IExitObservable
{
    /// <summary>
    /// Registers the one observer of the exit. It runs on the thread that reports every process's exit: it must be short,
    /// must not block on anything but a short lock, and must not throw.
    /// </summary>
    /// <param name="observer">Called with the exit, before <see cref="ILaunchedProcess.Exited"/> completes.</param>
    /// <returns><see langword="false"/> when the exit was reported already (or an observer was registered before): the observer will not run.</returns>
    bool TryObserveExit(Action<ProcessExit> observer);
}
