// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>A machine's table of Wtt processes: a row per process created on or invoked from the machine.</summary>
/// <remarks>
/// Implementations are thread-safe and, for the shared-memory table, safe across processes. Reads never
/// block: they return a consistent copy of a row. Heartbeat, status and event fields are written without
/// a lock; multi-field updates take the row's lock; adding and removing rows take the global lock, which
/// is never taken while a row lock is held. A lock whose holder died is taken over.
/// </remarks>
public interface IProcessTable : IAsyncDisposable
{
    /// <summary>Gets the number of rows the table can hold.</summary>
    int Capacity { get; }

    /// <summary>Gets the change counter, bumped by every change to any row; pass it to <see cref="WaitForChangeAsync"/>.</summary>
    long ChangeCounter { get; }

    /// <summary>Adds a row.</summary>
    /// <param name="record">The row; its id must not be nil nor present. Its <see cref="ProcessRecord.Version"/> is ignored.</param>
    /// <returns>The row as stored.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>, <see cref="WttErrorCode.DuplicateId"/>, <see cref="WttErrorCode.TableFull"/>.</exception>
    ProcessRecord Add(ProcessRecord record);

    /// <summary>Reads a row consistently, without a lock.</summary>
    /// <param name="id">The process.</param>
    /// <param name="record">The row, when found.</param>
    /// <returns><see langword="true"/> when the row exists.</returns>
    bool TryGet(WttProcessId id, out ProcessRecord record);

    /// <summary>Changes several fields of a row at once, under the row's lock.</summary>
    /// <param name="id">The process.</param>
    /// <param name="change">Returns the new row from the current one; it must keep the id. It may run more than once.</param>
    /// <returns>The row as stored.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>, <see cref="WttErrorCode.InvalidArgument"/> (the id changed).</exception>
    ProcessRecord Update(WttProcessId id, Func<ProcessRecord, ProcessRecord> change);

    /// <summary>Sets a row's status with one atomic write.</summary>
    /// <param name="id">The process.</param>
    /// <param name="status">The status.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>.</exception>
    void SetStatus(WttProcessId id, ProcessStatus status);

    /// <summary>Stamps a row's heartbeat with one atomic write.</summary>
    /// <param name="id">The process.</param>
    /// <param name="now">The time of the beat (UTC).</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>.</exception>
    void StampHeartbeat(WttProcessId id, DateTimeOffset now);

    /// <summary>Sets event bits on a row and bumps its event sequence, waking whoever waits on it.</summary>
    /// <param name="id">The process.</param>
    /// <param name="bits">The bits to set.</param>
    /// <returns>The new event sequence.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>.</exception>
    long PostEvent(WttProcessId id, ProcessEventBits bits);

    /// <summary>Takes (reads and clears) a row's pending event bits.</summary>
    /// <param name="id">The process.</param>
    /// <returns>The bits that were pending.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>.</exception>
    ProcessEventBits TakeEvents(WttProcessId id);

    /// <summary>Removes a row.</summary>
    /// <param name="id">The process.</param>
    /// <returns><see langword="true"/> when a row was removed.</returns>
    bool Remove(WttProcessId id);

    /// <summary>Reads every row, consistently each, in the table's order.</summary>
    /// <returns>The rows.</returns>
    IReadOnlyList<ProcessRecord> List();

    /// <summary>Reads the descendants of a process (through parent links, transitively), not the process itself.</summary>
    /// <param name="id">The root.</param>
    /// <returns>The descendants, parents before children.</returns>
    IReadOnlyList<ProcessRecord> GetDescendants(WttProcessId id);

    /// <summary>Reads the members of a group.</summary>
    /// <param name="groupId">The group.</param>
    /// <returns>The members, in the table's order.</returns>
    IReadOnlyList<ProcessRecord> GetGroupMembers(WttProcessId groupId);

    /// <summary>Waits until the change counter differs from <paramref name="observed"/>, or the timeout passes.</summary>
    /// <param name="observed">The counter the caller last saw.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The counter when the wait ended (equal to <paramref name="observed"/> on a time-out).</returns>
    ValueTask<long> WaitForChangeAsync(long observed, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Waits until a row's event sequence differs from <paramref name="observed"/>, or the timeout passes.</summary>
    /// <param name="id">The process.</param>
    /// <param name="observed">The sequence the caller last saw.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The sequence when the wait ended.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>.</exception>
    ValueTask<long> WaitForEventAsync(WttProcessId id, long observed, TimeSpan timeout, CancellationToken cancellationToken = default);
}
