// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>A variation a process completed.</summary>
/// <param name="Name">The variation's name.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="CompletedAt">When it ended (UTC).</param>
public sealed record VariationRecord(string Name, VariationOutcome Outcome, TimeSpan Duration, DateTimeOffset CompletedAt);
