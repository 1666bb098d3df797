// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>
/// A launched process that tells when its captured output has ended: every pipe at its end of file, so every chunk is in
/// <see cref="ILaunchedProcess.Output"/> and what is left to do with them is the reader's own work. Before that, a pipe
/// may be held open by a descendant for as long as it lives.
/// </summary>
internal interface IOutputEnd
{
    /// <summary>Gets a task that completes once the output has ended (at once for a process whose output is not captured).</summary>
    Task OutputEnded { get; }
}
