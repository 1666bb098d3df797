// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Where a tail starts in a log.</summary>
public enum TailStart
{
    /// <summary>At the beginning: the whole file, then what is appended.</summary>
    Beginning = 0,

    /// <summary>At <see cref="TailOptions.Offset"/> bytes from the beginning.</summary>
    Offset = 1,

    /// <summary>The last <see cref="TailOptions.Offset"/> bytes (like <c>tail -c</c>), then what is appended.</summary>
    LastBytes = 2,

    /// <summary>At the end: only what is appended from now on.</summary>
    End = 3,
}
