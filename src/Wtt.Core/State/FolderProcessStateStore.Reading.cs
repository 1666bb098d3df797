// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>
/// Reading the document: the last parse of each process's document is kept with the bytes it came from, and a read
/// whose bytes are the same returns it without parsing again. The file is read every time (on Linux one open, two reads
/// and a close), so a write by any process, however soon after the last, is never missed.
/// </content>
public sealed partial class FolderProcessStateStore
{
    /// <summary>The size of the first buffer a read takes: most documents fit, so most reads are one open, two reads (the second finds the end) and a close.</summary>
    private const int FirstReadBytes = 8192;

    /// <summary>The largest document kept with its parse.</summary>
    private const int LargestPooledDocument = 1024 * 1024;

    private readonly ConcurrentDictionary<WttProcessId, ParsedDocument> _documents = new();

    /// <summary>Reads and parses the document, or returns the last parse when the bytes did not change.</summary>
    /// <param name="folder">The process's folder.</param>
    /// <param name="id">The process.</param>
    /// <returns>The document, or <see langword="null"/> when there is none (or it names another process).</returns>
    /// <param name="withRecordedEnd">Whether a document without an end shows the end in the <c>complete</c> marker (one more open).</param>
    private ProcessStateDocument? ReadDocument(StateFolder folder, WttProcessId id, bool withRecordedEnd = true)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstReadBytes);
        try
        {
            var read = SmallFile.ReadAll(folder.Document, ref buffer);
            if (read < 0)
            {
                _documents.TryRemove(id, out _);
                return null;
            }

            var bytes = buffer.AsSpan(0, read);
            var document = _documents.TryGetValue(id, out var last) && bytes.SequenceEqual(last.Bytes) ? last.Document : Parse(folder, id, bytes.ToArray());
            return withRecordedEnd && document is { LastStatus: var status } && !status.IsEnded() ? WithRecordedEnd(folder, document, ref buffer) : document;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads a process's document as stored, without the end in the <c>complete</c> marker: for a caller that has the
    /// process's row and knows it has not ended, which would only pay one more open for nothing.
    /// </summary>
    /// <param name="id">The process.</param>
    /// <returns>The document, or <see langword="null"/> when there is none.</returns>
    internal ProcessStateDocument? ReadStored(WttProcessId id) => ReadDocument(FolderOf(id), id, withRecordedEnd: false);

    /// <summary>
    /// The document with the end that <see cref="RecordEnd"/> put in the <c>complete</c> marker, while the document
    /// itself has no end; the document as it is when the marker is missing or empty (output completed without an end).
    /// </summary>
    private static ProcessStateDocument WithRecordedEnd(StateFolder folder, ProcessStateDocument document, ref byte[] buffer)
    {
        var read = SmallFile.ReadAll(folder.CompleteMarker, ref buffer);
        if (read <= 0)
        {
            return document;
        }

        ProcessEnd? end;
        try
        {
            end = JsonSerializer.Deserialize<ProcessEnd>(buffer.AsSpan(0, read), StateJson.Options);
        }
        catch (JsonException ex)
        {
            throw new WttException(WttErrorCode.Unknown, $"The end record {folder.CompleteMarker} is not valid JSON ({ex.Message}); delete the state folder of process {document.Id}.", ex, document.Id);
        }

        return end is { LastStatus: var status } && status.IsEnded()
            ? document with { LastStatus = status, ExitCode = end.ExitCode, EndedAt = end.EndedAt }
            : document;
    }

    private ProcessStateDocument? Parse(StateFolder folder, WttProcessId id, byte[] bytes)
    {
        ProcessStateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ProcessStateDocument>(bytes, StateJson.Options);
        }
        catch (JsonException ex)
        {
            throw new WttException(WttErrorCode.Unknown, $"The state document {folder.Document} is not valid JSON ({ex.Message}); delete the state folder of process {id}.", ex, id);
        }

        if (document is null || document.Id != id)
        {
            _documents.TryRemove(id, out _);
            return null;
        }

        Remember(id, bytes, document, copyLists: false);
        return document;
    }

    /// <summary>
    /// Keeps a document with the bytes it was parsed from or written as, unless it is too large to keep; with
    /// <paramref name="copyLists"/>, a copy of it whose lists nobody else holds (see <see cref="Frozen"/>).
    /// </summary>
    private void Remember(WttProcessId id, byte[] bytes, ProcessStateDocument document, bool copyLists)
    {
        if (bytes.Length <= LargestPooledDocument)
        {
            _documents[id] = new ParsedDocument(bytes, copyLists ? Frozen(document) : document);
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
    private sealed record ProcessEnd(ProcessStatus LastStatus, int? ExitCode, DateTimeOffset? EndedAt);

    /// <summary>A parsed document and the bytes it was parsed from.</summary>
    private sealed record ParsedDocument(byte[] Bytes, ProcessStateDocument Document);
}
