// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>How an OS process ended.</summary>
/// <param name="ExitCode">The exit code; 128 + the signal number when a signal ended it (as shells report).</param>
/// <param name="ExitedAt">When it ended (UTC).</param>
public sealed record ProcessExit(int ExitCode, DateTimeOffset ExitedAt)
{
    /// <summary>Gets the signal that ended the process, or <see langword="null"/> when it exited by itself.</summary>
    public int? Signal { get; init; }

    /// <summary>Gets a value indicating whether a signal (a kill, a crash) ended the process.</summary>
    public bool WasSignaled => Signal is not null;
}
