// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>A thread of a process: a registered, beating thread of a Wtt-based process, or an OS thread of a plain one.</summary>
/// <param name="Name">The name the thread registered with, or the OS thread name.</param>
public sealed record ThreadInfo(string Name)
{
    /// <summary>Gets the operating system's thread id, or 0 when unknown.</summary>
    public int OsThreadId { get; init; }

    /// <summary>Gets the OS state (for example <c>R</c>, <c>S</c>, <c>D</c> from <c>/proc</c>), or <see langword="null"/>.</summary>
    public string? State { get; init; }

    /// <summary>Gets when the thread last beat, or <see langword="null"/> for threads that do not beat.</summary>
    public DateTimeOffset? LastBeat { get; init; }

    /// <summary>Gets how long the thread may go between beats.</summary>
    /// <value><see cref="Timeout.InfiniteTimeSpan"/> for threads that do not beat.</value>
    public TimeSpan HeartbeatTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Gets a value indicating whether the thread missed its heartbeat timeout.</summary>
    public bool IsStuck { get; init; }

    /// <summary>Gets the comment stack, bottom first: what the thread said it is doing.</summary>
    public IReadOnlyList<string> Comments { get; init; } = [];
}
