// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>How a variation (one case of a test) ended.</summary>
public enum VariationOutcome
{
    /// <summary>It passed.</summary>
    Passed = 0,

    /// <summary>It failed.</summary>
    Failed = 1,

    /// <summary>It was skipped.</summary>
    Skipped = 2,

    /// <summary>It could not run because something it needs failed.</summary>
    Blocked = 3,
}
