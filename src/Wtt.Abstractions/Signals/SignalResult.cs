// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>What a signal or terminate request did, one entry per process of the set (the set's order for handles).</summary>
/// <param name="Entries">The per-process outcomes.</param>
public sealed record SignalResult(IReadOnlyList<SignalEntry> Entries)
{
    /// <summary>Gets the number of entries with <paramref name="outcome"/>.</summary>
    /// <param name="outcome">The outcome to count.</param>
    /// <returns>The count.</returns>
    public int Count(SignalOutcome outcome) => Entries.Count(e => e.Outcome == outcome);
}
