// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>
/// Reading the document: the last parse of each process's document is kept with the bytes it came from, and a read
/// whose bytes are the same returns it without parsing again. On a local file system (Linux) the file last read also
/// stays open: a document is only ever replaced by a rename, so while that file is still linked, unchanged, it is the
/// document, and a read asks the kernel that (one <c>statx</c>) instead of opening and reading the file again (one open,
/// two reads and a close). Either way a write by any process, however soon after the last, is never missed.
/// </content>
public sealed partial class FolderProcessStateStore
{
    /// <summary>The size of the first buffer a read takes: most documents fit, so most reads are one open, two reads (the second finds the end) and a close.</summary>
    private const int FirstReadBytes = 8192;

    /// <summary>The largest document kept with its parse.</summary>
    private const int LargestPooledDocument = 1024 * 1024;

    /// <summary>
    /// The most documents kept open at once. With that many kept, a document read is not kept; once every
    /// <see cref="SweepEvery"/> such reads, the files not used since the last sweep are closed, so documents no longer
    /// read make room for others. Reads of more documents than are kept, in turn, cost what they cost without keeping.
    /// </summary>
    private const int MostKeptFiles = 128;

    /// <summary>How many reads that could not keep their file come between two sweeps of the files kept.</summary>
    private const int SweepEvery = 8 * MostKeptFiles;

    private readonly ConcurrentDictionary<WttProcessId, ParsedDocument> _documents = new();

    /// <summary>How many documents of <see cref="_documents"/> are kept open.</summary>
    private int _keptFiles;

    /// <summary>How many reads found no room to keep their file.</summary>
    private int _readsWithoutRoom;

    /// <summary>Whether documents are kept open: 0 not known yet (the root does not exist yet), 1 yes, 2 no (not Linux, or not a local file system).</summary>
    private int _keepsFiles;

    /// <summary>Gets how many documents are kept open now (for tests).</summary>
    internal int KeptFilesForTesting => Volatile.Read(ref _keptFiles);

    /// <summary>Makes this store open its documents on every read, as on a network file system (for tests and benchmarks).</summary>
    internal void OpenEveryReadForTesting() => Volatile.Write(ref _keepsFiles, 2);

    /// <summary>Reads and parses the document, or returns the last parse when the file or its bytes did not change.</summary>
    /// <param name="id">The process.</param>
    /// <param name="withRecordedEnd">Whether a document without an end shows the end in the <c>complete</c> marker (one more open).</param>
    /// <param name="version">The machine's count of the document's writes, read before this call; <see langword="null"/> to check the file (a writer's read, or a process not in the table).</param>
    /// <param name="folder">The process's folder when the caller has it; otherwise its paths are made only to open a file, so a kept document needs none.</param>
    /// <returns>The document, or <see langword="null"/> when there is none (or it names another process).</returns>
    private ProcessStateDocument? ReadDocument(WttProcessId id, bool withRecordedEnd, long? version, StateFolder? folder = null)
    {
        if (IsKeptCurrent(id, version, out var last))
        {
            // An end once read from the marker stays: the marker is made whole, once, and goes only with the folder.
            return withRecordedEnd && last.WithEnd is { } ended ? ended : WithRecordedEnd(folder, id, last.Document, withRecordedEnd);
        }

        var known = folder ?? FolderOf(id);
        var document = ReadFile(known, id, last);
        NoteChecked(id, document, version);
        return WithRecordedEnd(known, id, document, withRecordedEnd);
    }

    /// <summary>
    /// Tells whether the document parsed last is still the one at its path: by the machine's count of its writes, when
    /// the count has not moved since the file was last checked, less than <see cref="VersionTrust"/> ago (no system
    /// call); otherwise by the file kept open with it (one <c>statx</c>), which then counts as checked.
    /// </summary>
    /// <param name="id">The process.</param>
    /// <param name="version">The machine's count of the document's writes, read before this call; <see langword="null"/> to check the file.</param>
    /// <param name="last">The entry of the last parse, whether current or not; <see langword="null"/> when there is none.</param>
    /// <returns><see langword="true"/> when the entry's file is kept and unchanged.</returns>
    private bool IsKeptCurrent(WttProcessId id, long? version, [NotNullWhen(true)] out ParsedDocument? last)
    {
        if (!_documents.TryGetValue(id, out last) || last.File is not { } file)
        {
            return false;
        }

        if (version is not { } counted || last.Checked is not { } check || check.Version != counted || _time.GetElapsedTime(check.At) >= VersionTrust)
        {
            if (!file.IsUnchanged())
            {
                return false;
            }

            if (version is { } seen)
            {
                last.Checked = new VersionCheck(seen, _time.GetTimestamp());
            }
        }

        file.Used = true;
        return true;
    }

    /// <summary>Notes on the entry of a document just read from its file the count of writes read before the read.</summary>
    private void NoteChecked(WttProcessId id, ProcessStateDocument? document, long? version)
    {
        if (version is { } seen && document is not null && _documents.TryGetValue(id, out var entry) && entry.File is not null && ReferenceEquals(entry.Document, document))
        {
            entry.Checked = new VersionCheck(seen, _time.GetTimestamp());
        }
    }

    /// <summary>Reads the document's file, keeping it open where documents are kept.</summary>
    private ProcessStateDocument? ReadFile(StateFolder folder, WttProcessId id, ParsedDocument? last)
    {
        var keep = KeepsFiles() && HasRoomToKeep();
        var buffer = ArrayPool<byte>.Shared.Rent(FirstReadBytes);
        KeptFile? kept = null;
        try
        {
            var read = SmallFile.ReadAll(folder.Document, ref buffer, keep, out kept);
            if (read < 0)
            {
                Forget(id);
                return null;
            }

            var bytes = buffer.AsSpan(0, read);
            if (last is not null && bytes.SequenceEqual(last.Bytes))
            {
                if (kept is not null)
                {
                    Store(id, last with { File = kept, WithEnd = null });
                    kept = null;
                }

                return last.Document;
            }

            var document = Parse(folder, id, bytes.ToArray(), kept);
            kept = null;
            return document;
        }
        finally
        {
            kept?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Tells whether documents are kept open: on Linux, where the root is on a local file system.</summary>
    private bool KeepsFiles()
    {
        var keeps = Volatile.Read(ref _keepsFiles);
        if (keeps == 0 && Directory.Exists(RootFolder))
        {
            keeps = SmallFile.IsLocalFileSystem(RootFolder) ? 1 : 2;
            Volatile.Write(ref _keepsFiles, keeps);
        }

        return keeps == 1;
    }

    /// <summary>Files an entry, closing the file of the one it replaces.</summary>
    private void Store(WttProcessId id, ParsedDocument entry)
    {
        if (entry.File is not null)
        {
            Interlocked.Increment(ref _keptFiles);
        }

        while (true)
        {
            if (_documents.TryGetValue(id, out var old))
            {
                if (_documents.TryUpdate(id, entry, old))
                {
                    Close(old);
                    return;
                }
            }
            else if (_documents.TryAdd(id, entry))
            {
                return;
            }
        }
    }

    /// <summary>Drops a process's entry and closes its file.</summary>
    private void Forget(WttProcessId id)
    {
        if (_documents.TryRemove(id, out var old))
        {
            Close(old);
        }
    }

    /// <summary>Tells whether a file read now can be kept: below the limit, or after a sweep made room.</summary>
    private bool HasRoomToKeep()
    {
        if (Volatile.Read(ref _keptFiles) < MostKeptFiles)
        {
            return true;
        }

        if (Interlocked.Increment(ref _readsWithoutRoom) % SweepEvery == 1)
        {
            CloseUnusedFiles();
        }

        return Volatile.Read(ref _keptFiles) < MostKeptFiles;
    }

    /// <summary>Closes the files kept that were not used since the last sweep (their parses stay), and starts the next round.</summary>
    private void CloseUnusedFiles()
    {
        foreach (var (id, entry) in _documents)
        {
            if (entry.File is not { } file)
            {
                continue;
            }

            if (file.Used)
            {
                file.Used = false;
            }
            else if (_documents.TryUpdate(id, entry with { File = null, WithEnd = null }, entry))
            {
                Close(entry);
            }
        }
    }

    private void Close(ParsedDocument entry)
    {
        if (entry.File is { } file)
        {
            file.Dispose();
            Interlocked.Decrement(ref _keptFiles);
        }
    }

    /// <summary>
    /// Reads a process's document as stored, without the end in the <c>complete</c> marker: for a caller that has the
    /// process's row and knows it has not ended, which would only pay one more open for nothing.
    /// </summary>
    /// <param name="id">The process.</param>
    /// <returns>The document, or <see langword="null"/> when there is none.</returns>
    /// <remarks>
    /// With the machine's counts of document writes (<see cref="FolderProcessStateStoreOptions.DocumentVersions"/>), a
    /// document kept whose count has not moved since its file was last checked, less than <see cref="VersionTrust"/>
    /// ago, is answered with no system call: every write through a store that knows the table moves the count. A
    /// document changed by other means (by hand, or by a store without the counts) is seen at the next check of its
    /// file, within <see cref="VersionTrust"/>. A document kept unchanged is answered without the folder's paths,
    /// which are made only to open the file.
    /// </remarks>
    internal ProcessStateDocument? ReadStored(WttProcessId id)
    {
        // The count before the file: a document read after it is at least as new as the writes it counts.
        return ReadDocument(id, withRecordedEnd: false, Options.DocumentVersions?.Read(id));
    }

    /// <summary>
    /// The document with the end that <see cref="RecordEnd"/> put in the <c>complete</c> marker, while the document
    /// itself has no end; the document as it is when the marker is missing or empty (output completed without an end).
    /// An end found is kept with the document's entry while its file is kept open, so the next read needs no open.
    /// </summary>
    private ProcessStateDocument? WithRecordedEnd(StateFolder? folder, WttProcessId id, ProcessStateDocument? document, bool withRecordedEnd)
    {
        if (!withRecordedEnd || document is null || document.LastStatus.IsEnded())
        {
            return document;
        }

        var marker = (folder ?? FolderOf(id)).CompleteMarker;

        // Taken before the marker is read: the writer removes a pending end only once its marker is there.
        _ = _pendingEnds.TryGetValue(id, out var pending);
        var buffer = ArrayPool<byte>.Shared.Rent(256);
        ProcessEnd? end;
        try
        {
            var read = SmallFile.ReadAll(marker, ref buffer);
            if (read <= 0)
            {
                // No end on disk: one recorded and not written yet (RecordEndBehind) is shown from memory, not kept.
                return pending is not null
                    ? document with { LastStatus = pending.End.LastStatus, ExitCode = pending.End.ExitCode, EndedAt = pending.End.EndedAt }
                    : document;
            }

            end = JsonSerializer.Deserialize<ProcessEnd>(buffer.AsSpan(0, read), StateJson.Options);
        }
        catch (JsonException ex)
        {
            throw new WttException(WttErrorCode.Unknown, $"The end record {marker} is not valid JSON ({ex.Message}); delete the state folder of process {document.Id}.", ex, document.Id);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (end is not { LastStatus: var status } || !status.IsEnded())
        {
            return document;
        }

        var ended = document with { LastStatus = status, ExitCode = end.ExitCode, EndedAt = end.EndedAt };
        if (_documents.TryGetValue(id, out var entry) && entry.File is not null && ReferenceEquals(entry.Document, document))
        {
            // The same file stays with the entry: nothing is closed.
            _ = _documents.TryUpdate(id, entry with { WithEnd = ended }, entry);
        }

        return ended;
    }

    /// <summary>Parses a document's bytes and keeps the parse, with the file it was read from (which this takes over).</summary>
    private ProcessStateDocument? Parse(StateFolder folder, WttProcessId id, byte[] bytes, KeptFile? file)
    {
        ProcessStateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ProcessStateDocument>(bytes, StateJson.Options);
        }
        catch (JsonException ex)
        {
            file?.Dispose();
            throw new WttException(WttErrorCode.Unknown, $"The state document {folder.Document} is not valid JSON ({ex.Message}); delete the state folder of process {id}.", ex, id);
        }

        if (document is null || document.Id != id)
        {
            file?.Dispose();
            Forget(id);
            return null;
        }

        Remember(id, bytes, document, copyLists: false, file);
        return document;
    }

    /// <summary>
    /// Keeps a document with the bytes it was parsed from or written as, unless it is too large to keep; with
    /// <paramref name="copyLists"/>, a copy of it whose lists nobody else holds (see <see cref="Frozen"/>).
    /// </summary>
    private void Remember(WttProcessId id, byte[] bytes, ProcessStateDocument document, bool copyLists, KeptFile? file = null)
    {
        if (bytes.Length <= LargestPooledDocument)
        {
            Store(id, new ParsedDocument(bytes, copyLists ? Frozen(document) : document, file));
        }
        else
        {
            file?.Dispose();
            Forget(id);
        }
    }

    /// <summary>A copy of <paramref name="document"/> with lists of its own, as a parse of its bytes would give.</summary>
    private static ProcessStateDocument Frozen(ProcessStateDocument document) => document with
    {
        Arguments = [.. document.Arguments],
        Threads = [.. document.Threads.Select(t => t with { Comments = [.. t.Comments] })],
        LogFiles = [.. document.LogFiles],
        Variations = [.. document.Variations],
    };

    /// <summary>A process's end as <see cref="RecordEnd"/> writes it into the <c>complete</c> marker.</summary>
    /// <param name="LastStatus">How it ended.</param>
    /// <param name="ExitCode">Its exit code.</param>
    /// <param name="EndedAt">When it ended.</param>
    internal sealed record ProcessEnd(ProcessStatus LastStatus, int? ExitCode, DateTimeOffset? EndedAt);

    /// <summary>
    /// A parsed document, the bytes it was parsed from and, where documents are kept open, the file they were read from
    /// and the document with the end in the <c>complete</c> marker, once read.
    /// </summary>
    private sealed record ParsedDocument(byte[] Bytes, ProcessStateDocument Document, KeptFile? File = null, ProcessStateDocument? WithEnd = null)
    {
        /// <summary>Gets or sets the count of document writes the document was last checked against, and when (<see cref="ReadStored"/>).</summary>
        /// <remarks>A copy made with other bytes' file or end keeps it: the document, which the count stands for, is the same.</remarks>
        public VersionCheck? Checked { get; set; }
    }

    /// <summary>A check of a kept document against the machine's count of its writes.</summary>
    /// <param name="Version">The count read before the check.</param>
    /// <param name="At">When, as a timestamp of the store's clock.</param>
    private sealed record VersionCheck(long Version, long At);
}
