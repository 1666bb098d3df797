// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>
/// A cached position of a row in a <see cref="SharedMemoryProcessTable"/>, so a heartbeat monitor stamps its row
/// without a lookup. Every use checks that the row still holds the id, so a stale handle fails instead of
/// writing another process's row.
/// </summary>
/// <param name="Id">The process.</param>
/// <param name="Slot">The row's index in the table.</param>
internal readonly record struct RowHandle(WttProcessId Id, int Slot);
