// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;

namespace Wtt.Core;

/// <content>Captured console output: append, complete, read and follow.</content>
public sealed partial class InMemoryProcessStateStore
{
    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a nil id or <see cref="OutputSource.Log"/>.</exception>
    public ValueTask AppendOutputAsync(WttProcessId id, OutputSource source, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        if (source == OutputSource.Log)
        {
            throw WttException.InvalidArgument("Only console output (standard output or error) is stored; log files are read from where they are written.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource wake;
        lock (gate)
        {
            var folder = Touch(id);
            var offset = source == OutputSource.StandardOutput ? folder.StandardOutputLength : folder.StandardErrorLength;
            folder.Chunks.Add(new OutputChunk(id, source, offset, data.ToArray()));
            if (source == OutputSource.StandardOutput)
            {
                folder.StandardOutputLength += data.Length;
            }
            else
            {
                folder.StandardErrorLength += data.Length;
            }

            wake = folder.SwapSignal();
        }

        wake.TrySetResult();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask CompleteOutputAsync(WttProcessId id, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource wake;
        lock (gate)
        {
            var folder = Touch(id);
            folder.Completed = true;
            wake = folder.SwapSignal();
        }

        wake.TrySetResult();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>Following a process with no folder yet waits for its first output; a deleted folder ends the sequence.</remarks>
    public async IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessId id, bool includeStandardError, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Folder folder;
        lock (gate)
        {
            if (!folders.TryGetValue(id, out folder!))
            {
                if (!follow || id.IsNil)
                {
                    yield break;
                }

                // Wait for the folder to appear: it is made now without a document, so it is not yet "a folder".
                folder = FolderOf(id);
            }
        }

        var next = 0;
        while (true)
        {
            List<OutputChunk> batch = [];
            bool ended;
            Task signal;
            lock (gate)
            {
                for (; next < folder.Chunks.Count; next++)
                {
                    var chunk = folder.Chunks[next];
                    if (includeStandardError || chunk.Source == OutputSource.StandardOutput)
                    {
                        batch.Add(chunk);
                    }
                }

                ended = !follow || folder.Completed || folder.Closed;
                signal = folder.Signal.Task;
            }

            foreach (var chunk in batch)
            {
                yield return chunk;
            }

            if (ended)
            {
                yield break;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets or makes a folder and stamps its document as written; call under the gate.</summary>
    private Folder Touch(WttProcessId id)
    {
        var folder = FolderOf(id);
        folder.Document = (folder.Document ?? new ProcessStateDocument(id)) with { UpdatedAt = timeProvider.GetUtcNow() };
        return folder;
    }

    private sealed class Folder
    {
        /// <summary>Gets or sets the document; <see langword="null"/> while only a follower is waiting for the folder.</summary>
        public ProcessStateDocument? Document { get; set; }

        public List<OutputChunk> Chunks { get; } = [];

        public long StandardOutputLength { get; set; }

        public long StandardErrorLength { get; set; }

        public bool Completed { get; set; }

        public bool Closed { get; private set; }

        public TaskCompletionSource Signal { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource SwapSignal()
        {
            var old = Signal;
            Signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return old;
        }

        public void Close()
        {
            Closed = true;
            Signal.TrySetResult();
        }
    }
}
