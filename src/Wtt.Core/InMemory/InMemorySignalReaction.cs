// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>How an <see cref="InMemoryProcess"/> reacts to the polite signal (SIGTERM).</summary>
public enum InMemorySignalReaction
{
    /// <summary>It ends as a real program with the default handler does: terminated by the signal (exit code 128 + 15).</summary>
    Exit = 0,

    /// <summary>It records the signal and keeps running (as a program that ignores SIGTERM); the test decides what happens next.</summary>
    Ignore = 1,
}
