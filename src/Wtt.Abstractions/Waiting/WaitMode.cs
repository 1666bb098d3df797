// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Whether a wait needs every process or any one.</summary>
public enum WaitMode
{
    /// <summary>Every process must reach the target.</summary>
    All = 0,

    /// <summary>One process reaching the target is enough.</summary>
    Any = 1,
}
