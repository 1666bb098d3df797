// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Protocol;

/// <summary>A <see cref="ProcessSet"/> on the wire.</summary>
/// <param name="Kind">How the set names its members.</param>
/// <param name="Handles">The handles, or the tree's root.</param>
/// <param name="GroupId">The group, for a group set.</param>
/// <param name="Machine">The machine whose table names the group.</param>
internal sealed record WireSet(ProcessSetKind Kind, IReadOnlyList<WireHandle> Handles, WttProcessId GroupId = default, string? Machine = null);
