// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core;

/// <summary>The layout of the table file: a header page, then fixed-size rows. Little-endian, 64-bit aligned words.</summary>
internal static class TableLayout
{
    /// <summary>"WTTTABL1" as a little-endian word.</summary>
    public const ulong Magic = 0x314C_4241_5454_5457;

    /// <summary>The layout version; a file of another version is refused, never rewritten.</summary>
    public const int Version = 1;

    /// <summary>The header's size: one page, so rows start page-aligned.</summary>
    public const int HeaderSize = 4096;

    /// <summary>The size of a row: five cache lines.</summary>
    public const int RowSize = 320;

    /// <summary>
    /// Where a row's slot words start (<see cref="TableRow.EventWake"/>, <see cref="TableRow.EventSleepers"/>): the
    /// threads of a process that sleep on them count and wake themselves across the row's removal, so a removal clears
    /// the row only up to here.
    /// </summary>
    public const int SlotWordsOffset = 288;

    /// <summary>The file name inside the table folder.</summary>
    public const string FileName = "processes.table";

    /// <summary>The lock file that serialises creating and checking the table file.</summary>
    public const string InitLockFileName = "processes.table.lock";

    /// <summary>Gets the file size for <paramref name="capacity"/> rows.</summary>
    /// <param name="capacity">The number of rows.</param>
    /// <returns>The size in bytes.</returns>
    public static long FileSize(int capacity) => HeaderSize + ((long)capacity * RowSize);
}

/// <summary>The table header, at offset 0 of the mapping.</summary>
[StructLayout(LayoutKind.Explicit, Size = TableLayout.HeaderSize)]
internal struct TableHeader
{
    /// <summary>The magic word, written last when the file is created.</summary>
    [FieldOffset(0)] public ulong Magic;

    /// <summary>The layout version.</summary>
    [FieldOffset(8)] public int LayoutVersion;

    /// <summary>The number of rows.</summary>
    [FieldOffset(12)] public int Capacity;

    /// <summary>The row size in bytes.</summary>
    [FieldOffset(16)] public int RowSize;

    /// <summary>The header size in bytes.</summary>
    [FieldOffset(20)] public int HeaderSize;

    /// <summary>The boot the rows belong to.</summary>
    [FieldOffset(24)] public Guid BootId;

    /// <summary>Bumped by every change to any row; futex waiters sleep on its low 32 bits.</summary>
    [FieldOffset(64)] public long ChangeCounter;

    /// <summary>How many threads (in any process) sleep on the change counter; writers wake only when it is non-zero.</summary>
    [FieldOffset(72)] public int Waiters;

    /// <summary>The global lock word: owner pid (high 32 bits) and start time (low 32 bits), 0 when free.</summary>
    [FieldOffset(128)] public long GlobalLock;

    /// <summary>Bumped by every add and remove, so lookup caches know when to rebuild.</summary>
    [FieldOffset(136)] public long Membership;

    /// <summary>The number of rows in use.</summary>
    [FieldOffset(144)] public int Count;

    /// <summary>Where the next search for a free row starts.</summary>
    [FieldOffset(148)] public int FreeHint;
}

/// <summary>One row of the table.</summary>
/// <remarks>
/// <see cref="Seq"/> is a seqlock word: odd while a writer holding the row lock writes, bumped by 2 by every
/// lock-free write (heartbeat, status, event word), so a reader that copies the row between two equal even
/// reads of it has a consistent copy. The reported version is <c>Seq / 2</c>.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = TableLayout.RowSize)]
internal unsafe struct TableRow
{
    [FieldOffset(0)] public long Seq;
    [FieldOffset(8)] public long Lock;
    [FieldOffset(16)] public int InUse;
    [FieldOffset(20)] public int Kind;
    [FieldOffset(24)] public Guid Id;
    [FieldOffset(40)] public Guid ParentId;
    [FieldOffset(56)] public Guid GroupId;
    [FieldOffset(72)] public int Pid;
    [FieldOffset(76)] public int ThreadCount;
    [FieldOffset(80)] public long ProcessStartTime;
    [FieldOffset(88)] public long Status;
    [FieldOffset(96)] public int ExitCode;
    [FieldOffset(100)] public int HasExitCode;
    [FieldOffset(104)] public long CreatedTicks;
    [FieldOffset(112)] public long HeartbeatTicks;
    [FieldOffset(120)] public long DebugTimeoutTicks;
    [FieldOffset(128)] public long EventWord;
    [FieldOffset(136)] public long EventSequence;

    /// <summary>Length of <see cref="InvokedFrom"/> plus one; 0 for <see langword="null"/>.</summary>
    [FieldOffset(144)] public int InvokedFromLength;

    /// <summary>Length of <see cref="Machine"/> plus one; 0 for <see langword="null"/>.</summary>
    [FieldOffset(148)] public int MachineLength;
    [FieldOffset(152)] public fixed byte InvokedFrom[ProcessRecord.MaxMachineNameBytes];
    [FieldOffset(216)] public fixed byte Machine[ProcessRecord.MaxMachineNameBytes];

    /// <summary>
    /// Moved by every write of the process's state document through a store that knows the table, once the document is
    /// in place (<see cref="IDocumentVersions"/>); no part of the row's record, so it moves neither <see cref="Seq"/>
    /// nor the change counter. Zero in a table written by a build before it, which is no different from any other count.
    /// </summary>
    [FieldOffset(280)] public long DocumentVersion;

    /// <summary>
    /// The word the row's event thread sleeps on (<see cref="SharedMemoryProcessTable.WaitForEventOnThisThread"/>): moved
    /// by every post of an event to the row, by the row's removal, and by whatever must wake that thread (its cancellation,
    /// its table's disposal). A word of the slot, not of the row's record: a removal does not clear it.
    /// </summary>
    [FieldOffset(TableLayout.SlotWordsOffset)] public int EventWake;

    /// <summary>How many event threads sleep on <see cref="EventWake"/>; a poster wakes only when it is not 0. A word of the slot.</summary>
    [FieldOffset(TableLayout.SlotWordsOffset + 4)] public int EventSleepers;
}
