// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>
/// The state folders of a machine: one per process, named by its id, holding its
/// <see cref="ProcessStateDocument"/> and its captured console output.
/// </summary>
/// <remarks>
/// Thread-safe, and for the folder implementation safe across processes: concurrent updates never
/// corrupt a document (each is written whole and atomically).
/// </remarks>
public interface IProcessStateStore
{
    /// <summary>Reads a process's document.</summary>
    /// <param name="id">The process.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document, or <see langword="null"/> when the process has no state folder.</returns>
    ValueTask<ProcessStateDocument?> ReadAsync(WttProcessId id, CancellationToken cancellationToken = default);

    /// <summary>Changes a process's document, creating the folder if needed; concurrent changes are applied one after the other.</summary>
    /// <param name="id">The process.</param>
    /// <param name="change">Returns the new document from the current one (a fresh one when none exists).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document as written.</returns>
    ValueTask<ProcessStateDocument> UpdateAsync(WttProcessId id, Func<ProcessStateDocument, ProcessStateDocument> change, CancellationToken cancellationToken = default);

    /// <summary>Appends captured console output.</summary>
    /// <param name="id">The process.</param>
    /// <param name="source">Standard output or standard error.</param>
    /// <param name="data">The bytes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the bytes are stored and readers are woken.</returns>
    ValueTask AppendOutputAsync(WttProcessId id, OutputSource source, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Marks a process's output complete: followers end once they have read the rest.</summary>
    /// <param name="id">The process.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the mark is stored.</returns>
    ValueTask CompleteOutputAsync(WttProcessId id, CancellationToken cancellationToken = default);

    /// <summary>Reads captured console output from the start, then (when following) as it is appended until it is complete.</summary>
    /// <param name="id">The process.</param>
    /// <param name="includeStandardError">Whether standard error is included.</param>
    /// <param name="follow">Whether to follow until the output is complete.</param>
    /// <param name="cancellationToken">Ends the sequence.</param>
    /// <returns>The chunks in the order written, per source.</returns>
    IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessId id, bool includeStandardError, bool follow, CancellationToken cancellationToken = default);

    /// <summary>Deletes a process's state folder.</summary>
    /// <param name="id">The process.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when a folder was deleted.</returns>
    ValueTask<bool> DeleteAsync(WttProcessId id, CancellationToken cancellationToken = default);

    /// <summary>Deletes the state folders last written more than <paramref name="retention"/> ago.</summary>
    /// <param name="retention">How long to keep a folder (3 days by default in the options).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of folders deleted.</returns>
    ValueTask<int> CleanupAsync(TimeSpan retention, CancellationToken cancellationToken = default);
}
