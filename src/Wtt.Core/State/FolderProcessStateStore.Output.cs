// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>Captured console output: appending, completing, reading and following.</content>
public sealed partial class FolderProcessStateStore
{
    private const int ChunkSize = 64 * 1024;
    private const int IndexEntrySize = sizeof(long);
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(25);
    private readonly ConcurrentDictionary<WttProcessId, TaskCompletionSource> _appended = new();
    private readonly ConcurrentDictionary<WttProcessId, PendingEnd> _pendingEnds = new();

    /// <inheritdoc/>
    public async ValueTask AppendOutputAsync(WttProcessId id, OutputSource source, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        _ = FolderOf(id).Output(source);
        await WriteLockedAsync(id, async folder =>
        {
            await AppendIndexedAsync(folder, source, data, cancellationToken).ConfigureAwait(false);
            return true;
        }, changesEntries: false, cancellationToken).ConfigureAwait(false);
        Notify(id);
    }

    /// <inheritdoc/>
    public ValueTask CompleteOutputAsync(WttProcessId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _ = Complete(id, []);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Records a process's end and completes its output with one new file: the <c>complete</c> marker, which holds the
    /// end (status, exit code, time) as JSON. Reads of the document show that end while the document itself does not
    /// have one, and the next update writes it into the document. An unnamed file, one write, a link into place and a
    /// close (see <see cref="Place"/>), where <see cref="CompleteOutputAsync"/> and an <see cref="UpdateAsync"/> take
    /// 13 system calls and the folder's lock.
    /// </summary>
    /// <remarks>An end recorded before (the marker is there) is kept: the process has one end.</remarks>
    /// <param name="id">The process.</param>
    /// <param name="status">How it ended.</param>
    /// <param name="exitCode">Its exit code.</param>
    /// <param name="endedAt">When it ended.</param>
    /// <returns><see langword="true"/> when this call recorded the end; <see langword="false"/> when an end was there.</returns>
    internal bool RecordEnd(WttProcessId id, ProcessStatus status, int? exitCode, DateTimeOffset? endedAt)
        => WriteEnd(id, new ProcessEnd(status, exitCode, endedAt));

    /// <summary>Writes an end as the content of the <c>complete</c> marker (<see cref="Complete"/>).</summary>
    private bool WriteEnd(WttProcessId id, ProcessEnd end) => Complete(id, JsonSerializer.SerializeToUtf8Bytes(end, StateJson.Options));

    /// <summary>
    /// Records a process's end as <see cref="RecordEnd"/> does, through <see cref="EndWriter"/>: on this thread when no
    /// other end is unwritten, otherwise behind them on the writer's thread at a lower priority. Until it is on disk,
    /// this store's reads of the document show it from memory; the output reads as complete once it is on disk, so a
    /// follower of the output that sees the end finds it in the folder too, from any process. A delete before the write
    /// drops it (no folder is made again for it).
    /// </summary>
    /// <param name="id">The process.</param>
    /// <param name="status">How it ended.</param>
    /// <param name="exitCode">Its exit code.</param>
    /// <param name="endedAt">When it ended.</param>
    /// <returns>
    /// A task that completes once the end is on disk (<see langword="true"/>), or when an end was there or pending, or
    /// the folder was deleted first (<see langword="false"/>); it fails as <see cref="RecordEnd"/> would.
    /// </returns>
    internal Task<bool> RecordEndBehind(WttProcessId id, ProcessStatus status, int? exitCode, DateTimeOffset? endedAt)
    {
        var pending = new PendingEnd(this, id, new ProcessEnd(status, exitCode, endedAt));
        if (!_pendingEnds.TryAdd(id, pending))
        {
            return Task.FromResult(false); // an end is pending: the first one is kept, as on disk
        }

        EndWriter.Write(pending);
        return pending.Written;
    }

    /// <summary>Drops the end of a process still waiting for its write (its folder is being deleted).</summary>
    private void DropPendingEnd(WttProcessId id)
    {
        if (_pendingEnds.TryRemove(id, out var pending))
        {
            pending.Drop();
        }
    }

    /// <summary>The end of a process waiting for <see cref="EndWriter"/>, which this store answers for meanwhile.</summary>
    internal sealed class PendingEnd(FolderProcessStateStore store, WttProcessId id, ProcessEnd end)
    {
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource<bool> _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _dropped;

        /// <summary>Gets the end.</summary>
        public ProcessEnd End { get; } = end;

        /// <summary>Gets a task that completes when the end was written, or dropped.</summary>
        public Task<bool> Written => _written.Task;

        /// <summary>Writes the end, unless it was dropped; then stops answering for it and completes <see cref="Written"/>.</summary>
        /// <param name="beforeCompletion">What to do once the write is done, before <see cref="Written"/> completes.</param>
        public void Write(Action beforeCompletion)
        {
            bool made;
            Exception? error = null;
            try
            {
                lock (_gate)
                {
                    made = !_dropped && store.WriteEnd(id, End);
                }
            }
            catch (Exception ex)
            {
                (made, error) = (false, ex);
            }

            _ = store._pendingEnds.TryRemove(new KeyValuePair<WttProcessId, PendingEnd>(id, this));
            beforeCompletion();
            _ = error is null ? _written.TrySetResult(made) : _written.TrySetException(error);
        }

        /// <summary>Drops the end: a write under way finishes first (the delete then removes its file).</summary>
        public void Drop()
        {
            lock (_gate)
            {
                _dropped = true;
            }

            _ = _written.TrySetResult(false);
        }
    }

    /// <summary>
    /// Creates the <c>complete</c> marker with <paramref name="content"/> (the folder too if it is missing) and wakes
    /// followers. A marker with content is made whole, unless a marker is there (<see cref="Place"/>: written unnamed
    /// and linked into place, or to a temporary file and renamed), so a reader never sees it half written.
    /// </summary>
    /// <returns><see langword="true"/> when this call made the marker; <see langword="false"/> when it was there.</returns>
    private bool Complete(WttProcessId id, ReadOnlySpan<byte> content)
    {
        var folder = FolderOf(id);
        bool made;
        try
        {
            made = MakeMarker(folder, content);
        }
        catch (DirectoryNotFoundException)
        {
            CreateFolder(folder);
            made = MakeMarker(folder, content);
        }

        TouchUnlessStamped(folder, changedEntries: made);
        Notify(id);
        return made;
    }

    private bool MakeMarker(StateFolder folder, ReadOnlySpan<byte> content)
        => content.IsEmpty
            ? SmallFile.TryCreate(folder.CompleteMarker, content, replace: false)
            : Place(folder, folder.CompleteMarker, content, replace: false);

    /// <inheritdoc/>
    /// <remarks>A process without a state folder has no output: the sequence is empty, following or not.</remarks>
    public async IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessId id, bool includeStandardError, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = FolderOf(id);
        OutputSource[] sources = includeStandardError ? [OutputSource.StandardOutput, OutputSource.StandardError] : [OutputSource.StandardOutput];
        var offsets = new long[sources.Length];
        var indexPositions = new long[sources.Length];
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var appended = AppendedSignal(id);
            var complete = File.Exists(folder.CompleteMarker);
            if (!Directory.Exists(folder.Path))
            {
                yield break;
            }

            var any = false;
            for (var i = 0; i < sources.Length; i++)
            {
                while (await ReadChunkAsync(folder, sources[i], offsets[i], indexPositions, i, cancellationToken).ConfigureAwait(false) is { } data)
                {
                    yield return new OutputChunk(id, sources[i], offsets[i], data);
                    offsets[i] += data.Length;
                    any = true;
                }
            }

            if (any)
            {
                continue;
            }

            if (!follow || complete)
            {
                yield break;
            }

            try
            {
                await appended.WaitAsync(FollowPoll, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The poll for appends by other processes.
            }
        }
    }

    /// <summary>Appends bytes to an output file, then their end offset to its chunk index; call under the folder's lock.</summary>
    private static async ValueTask AppendIndexedAsync(StateFolder folder, OutputSource source, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        long end;
        using (var handle = File.OpenHandle(folder.Output(source), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            var length = RandomAccess.GetLength(handle);
            await RandomAccess.WriteAsync(handle, data, length, cancellationToken).ConfigureAwait(false);
            end = length + data.Length;
        }

        if (data.IsEmpty)
        {
            return;
        }

        var entry = new byte[IndexEntrySize];
        BinaryPrimitives.WriteInt64LittleEndian(entry, end);
        using var index = File.OpenHandle(folder.OutputIndex(source), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var indexLength = RandomAccess.GetLength(index);

        // A writer that died mid-entry left a partial entry: write over it.
        await RandomAccess.WriteAsync(index, entry, indexLength - (indexLength % IndexEntrySize), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the next chunk of an output file at <paramref name="offset"/>: up to the end of the append the chunk index
    /// records next, or to the end of the file when the index has no entry past the offset (an append whose entry is not
    /// written yet, or a file written without an index); never more than <see cref="ChunkSize"/> bytes.
    /// </summary>
    private static async ValueTask<byte[]?> ReadChunkAsync(StateFolder folder, OutputSource source, long offset, long[] indexPositions, int slot, CancellationToken cancellationToken)
    {
        try
        {
            using var handle = File.OpenHandle(folder.Output(source), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            if (length <= offset)
            {
                return null;
            }

            var end = await NextChunkEndAsync(folder.OutputIndex(source), offset, indexPositions, slot, cancellationToken).ConfigureAwait(false) ?? length;
            var buffer = new byte[(int)Math.Min(ChunkSize, Math.Min(end, length) - offset)];
            var read = await RandomAccess.ReadAsync(handle, buffer, offset, cancellationToken).ConfigureAwait(false);
            return read == buffer.Length ? buffer : buffer[..read];
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Gets the first end offset in the chunk index past <paramref name="offset"/>, moving the reader's index position over the entries before it.</summary>
    private static async ValueTask<long?> NextChunkEndAsync(string indexPath, long offset, long[] indexPositions, int slot, CancellationToken cancellationToken)
    {
        try
        {
            using var index = File.OpenHandle(indexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[IndexEntrySize * 64];
            while (true)
            {
                var read = await RandomAccess.ReadAsync(index, buffer, indexPositions[slot], cancellationToken).ConfigureAwait(false);
                if (read < IndexEntrySize)
                {
                    return null;
                }

                for (var at = 0; at + IndexEntrySize <= read; at += IndexEntrySize)
                {
                    var end = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(at, IndexEntrySize));
                    if (end > offset)
                    {
                        return end;
                    }

                    indexPositions[slot] += IndexEntrySize;
                }
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Gets the task that completes at the next append or completion through this instance.</summary>
    private Task AppendedSignal(WttProcessId id)
        => _appended.GetOrAdd(id, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private void Notify(WttProcessId id)
    {
        if (_appended.TryRemove(id, out var signal))
        {
            signal.TrySetResult();
        }
    }
}
