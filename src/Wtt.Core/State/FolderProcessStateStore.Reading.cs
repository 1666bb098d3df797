// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace Wtt.Core;

/// <content>
/// Reading the document: the last parse of each process's document is kept with the bytes it came from, and a read
/// whose bytes are the same returns it without parsing again. The file is read every time (one open, one fstat, one
/// read), so a write by any process, however soon after the last, is never missed.
/// </content>
public sealed partial class FolderProcessStateStore
{
    private const int LargestPooledDocument = 1024 * 1024;

    private readonly ConcurrentDictionary<WttProcessId, ParsedDocument> _documents = new();

    /// <summary>Reads and parses the document, or returns the last parse when the bytes did not change.</summary>
    /// <param name="folder">The process's folder.</param>
    /// <param name="id">The process.</param>
    /// <returns>The document, or <see langword="null"/> when there is none (or it names another process).</returns>
    private ProcessStateDocument? ReadDocument(StateFolder folder, WttProcessId id)
    {
        byte[]? rented = null;
        try
        {
            using var handle = File.OpenHandle(folder.Document, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);

            // A large document is neither pooled nor kept (see Parse), but is read through the same handle, so the
            // bytes are those of the file whose length was taken (documents are replaced by a rename, never rewritten).
            var buffer = length > LargestPooledDocument ? new byte[length + 1] : rented = ArrayPool<byte>.Shared.Rent((int)length + 1);
            var read = 0;
            while (read < buffer.Length)
            {
                var got = RandomAccess.Read(handle, buffer.AsSpan(read), read);
                if (got == 0)
                {
                    break;
                }

                read += got;
            }

            var bytes = buffer.AsSpan(0, read);
            if (_documents.TryGetValue(id, out var last) && bytes.SequenceEqual(last.Bytes))
            {
                return last.Document;
            }

            return Parse(folder, id, bytes.ToArray());
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            _documents.TryRemove(id, out _);
            return null;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
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

    /// <summary>A parsed document and the bytes it was parsed from.</summary>
    private sealed record ParsedDocument(byte[] Bytes, ProcessStateDocument Document);
}
