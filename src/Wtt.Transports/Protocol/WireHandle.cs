// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Protocol;

/// <summary>A process handle on the wire: its id and, for a process on a third machine, that machine.</summary>
/// <param name="Id">The process id.</param>
/// <param name="Machine">The machine; <see langword="null"/> for the agent's own.</param>
internal sealed record WireHandle(WttProcessId Id, string? Machine = null);
