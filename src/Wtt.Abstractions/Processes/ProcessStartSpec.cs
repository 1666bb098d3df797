// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>What to start, where and how. Immutable: derive variants with <c>with</c>.</summary>
/// <remarks>Arguments are passed as a list, never through a shell, so no quoting is needed.</remarks>
/// <param name="FileName">The executable: a path, or a name found on <c>PATH</c>.</param>
public sealed partial record ProcessStartSpec(string FileName)
{
    /// <summary>The default heartbeat ("debug") timeout of a process.</summary>
    /// <value>30 seconds.</value>
    public static readonly TimeSpan DefaultDebugTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Gets the arguments, each passed as one argument.</summary>
    /// <value>Empty.</value>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Gets variables to set (a <see langword="null"/> value removes one) on top of the creator's environment.</summary>
    /// <value>Empty.</value>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Gets the working directory; <see langword="null"/> for the creator's (or the agent's) own.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Gets the machine to run on; <see langword="null"/> for this machine.</summary>
    public string? Machine { get; init; }

    /// <summary>Gets the id to give the process; <see cref="WttProcessId.Nil"/> to have one assigned.</summary>
    public WttProcessId Id { get; init; }

    /// <summary>Gets the parent id; <see cref="WttProcessId.Nil"/> for the calling Wtt process, if any.</summary>
    public WttProcessId ParentId { get; init; }

    /// <summary>Gets the group id; <see cref="WttProcessId.Nil"/> for no group.</summary>
    public WttProcessId GroupId { get; init; }

    /// <summary>Gets whether the process uses the Wtt SDK about itself.</summary>
    /// <value><see cref="ProcessKind.Plain"/>.</value>
    public ProcessKind Kind { get; init; }

    /// <summary>Gets how the process is detached from its creator.</summary>
    /// <value><see cref="ProcessCreationFlags.None"/>.</value>
    public ProcessCreationFlags CreationFlags { get; init; }

    /// <summary>Gets the user to run as; <see langword="null"/> for the creator's user.</summary>
    public ProcessCredentials? RunAs { get; init; }

    /// <summary>Gets whether standard output and error are captured for <see cref="IWttClient.ReadOutputAsync"/>.</summary>
    /// <value><see langword="true"/>.</value>
    public bool CaptureOutput { get; init; } = true;

    /// <summary>Gets log files registered for the process at creation, so they can be tailed before it registers any.</summary>
    /// <value>Empty.</value>
    public IReadOnlyList<string> LogFiles { get; init; } = [];

    /// <summary>
    /// Gets how long the process may go without a heartbeat before a wait reports a debug break;
    /// <see cref="Timeout.InfiniteTimeSpan"/> ignores heartbeats. Plain processes are never a debug break.
    /// </summary>
    /// <value><see cref="DefaultDebugTimeout"/>.</value>
    public TimeSpan DebugTimeout { get; init; } = DefaultDebugTimeout;
}
