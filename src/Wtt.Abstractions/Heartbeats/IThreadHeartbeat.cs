// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>A registered thread's heartbeat and comment stack. Disposing it unregisters the thread.</summary>
/// <remarks><see cref="Beat"/> is cheap and lock-free; comments are for the thread that owns them.</remarks>
public interface IThreadHeartbeat : IDisposable
{
    /// <summary>Gets the thread's name.</summary>
    string Name { get; }

    /// <summary>Gets how long the thread may go between beats.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Says the thread is alive.</summary>
    void Beat();

    /// <summary>Pushes a comment: what the thread is doing now.</summary>
    /// <param name="comment">The comment.</param>
    /// <returns>A scope that pops the comment when disposed.</returns>
    IDisposable PushComment(string comment);

    /// <summary>Pops the most recent comment, if any.</summary>
    void PopComment();
}
