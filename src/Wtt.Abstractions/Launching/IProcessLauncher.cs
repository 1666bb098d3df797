// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Starts OS processes for this machine. The seam between Wtt's bookkeeping and the operating system.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IProcessLauncher
{
    /// <summary>Starts a process and returns as soon as it exists.</summary>
    /// <param name="request">What to start, with its assigned identity.</param>
    /// <param name="cancellationToken">Cancels the call before the process starts.</param>
    /// <returns>The started process.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.FileNotFound"/>, <see cref="WttErrorCode.InvalidWorkingDirectory"/>, <see cref="WttErrorCode.AccessDenied"/>, <see cref="WttErrorCode.StartFailed"/>.</exception>
    ValueTask<ILaunchedProcess> StartAsync(ProcessLaunchRequest request, CancellationToken cancellationToken = default);
}
