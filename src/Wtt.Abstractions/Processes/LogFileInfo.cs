// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>A log file a process registered, so that callers may tail it.</summary>
/// <param name="Name">The name callers use to ask for it (by default the file name).</param>
/// <param name="Path">The full path on the process's machine.</param>
public sealed record LogFileInfo(string Name, string Path);
