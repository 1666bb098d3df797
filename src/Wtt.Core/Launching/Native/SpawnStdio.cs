// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Launching.Native;

/// <summary>What the child's fds 0, 1 and 2 become: an fd of ours to dup, or one of the two markers.</summary>
/// <param name="Input">For fd 0.</param>
/// <param name="Output">For fd 1.</param>
/// <param name="Error">For fd 2.</param>
internal readonly record struct SpawnStdio(int Input, int Output, int Error)
{
    /// <summary>Keep the creator's fd.</summary>
    public const int Inherit = -1;

    /// <summary>Open /dev/null.</summary>
    public const int DevNull = -2;
}
