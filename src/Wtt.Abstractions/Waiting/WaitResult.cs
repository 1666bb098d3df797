// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>The result of a wait for many processes.</summary>
/// <param name="Outcome">The summary.</param>
/// <param name="Index">
/// For a failure (time-out, debug break, early exit, unreachable) the index in <paramref name="Entries"/> of
/// the first process that caused it; for a satisfied wait-any the index of the first process that reached the
/// target; -1 for a satisfied wait-all.
/// </param>
/// <param name="Entries">One entry per process, in the set's order (for a tree or group: the order the table lists them).</param>
public sealed record WaitResult(WaitOutcome Outcome, int Index, IReadOnlyList<WaitEntry> Entries)
{
    /// <summary>Gets a value indicating whether the wait was satisfied.</summary>
    public bool IsSatisfied => Outcome == WaitOutcome.Satisfied;
}
