// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>One process of a resolved <see cref="ProcessSet"/>: its place in the caller's order, where it runs, and its row here if any.</summary>
/// <param name="Index">The position in the result.</param>
/// <param name="Id">The process.</param>
/// <param name="Machine">Where it runs; <see langword="null"/> for this machine.</param>
internal sealed record SetMember(int Index, WttProcessId Id, string? Machine);
