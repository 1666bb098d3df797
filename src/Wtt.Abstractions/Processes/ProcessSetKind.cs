// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>How a <see cref="ProcessSet"/> names its members.</summary>
public enum ProcessSetKind
{
    /// <summary>An explicit list of handles, local and remote mixed.</summary>
    Handles = 0,

    /// <summary>A process and all its descendants (through parent links, on every machine they run on).</summary>
    Tree = 1,

    /// <summary>Every process of a group, on every machine its members run on.</summary>
    Group = 2,
}
