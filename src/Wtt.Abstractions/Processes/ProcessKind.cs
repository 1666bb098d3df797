// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Whether a process uses the Wtt SDK about itself.</summary>
public enum ProcessKind
{
    /// <summary>A plain program: watched through the operating system, stopped by its polite signal, never a debug break.</summary>
    Plain = 0,

    /// <summary>A program that attaches to Wtt: it beats, reports initialisation and handles events.</summary>
    WttBased = 1,
}
