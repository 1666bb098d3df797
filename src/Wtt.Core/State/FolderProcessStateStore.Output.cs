// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Wtt.Platform;

namespace Wtt.State;

/// <content>Captured console output: appending, completing, reading and following.</content>
public sealed partial class FolderProcessStateStore
{
    private const int ChunkSize = 64 * 1024;
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(25);
    private readonly ConcurrentDictionary<WttProcessId, TaskCompletionSource> _appended = new();

    /// <inheritdoc/>
    public async ValueTask AppendOutputAsync(WttProcessId id, OutputSource source, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var folder = FolderOf(id);
        var path = folder.Output(source);
        var gate = _writers.GetOrAdd(id, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CreateFolder(folder);
            var lockFile = await LockFile.AcquireAsync(folder.LockFile, cancellationToken).ConfigureAwait(false);
            await using (lockFile.ConfigureAwait(false))
            {
                using var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                await RandomAccess.WriteAsync(handle, data, RandomAccess.GetLength(handle), cancellationToken).ConfigureAwait(false);
            }

            Touch(folder);
        }
        finally
        {
            gate.Release();
        }

        Notify(id);
    }

    /// <inheritdoc/>
    public async ValueTask CompleteOutputAsync(WttProcessId id, CancellationToken cancellationToken = default)
    {
        var folder = FolderOf(id);
        CreateFolder(folder);
        await File.WriteAllBytesAsync(folder.CompleteMarker, [], cancellationToken).ConfigureAwait(false);
        Touch(folder);
        Notify(id);
    }

    /// <inheritdoc/>
    /// <remarks>A process without a state folder has no output: the sequence is empty, following or not.</remarks>
    public async IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessId id, bool includeStandardError, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = FolderOf(id);
        OutputSource[] sources = includeStandardError ? [OutputSource.StandardOutput, OutputSource.StandardError] : [OutputSource.StandardOutput];
        var offsets = new long[sources.Length];
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
                while (await ReadChunkAsync(folder.Output(sources[i]), offsets[i], cancellationToken).ConfigureAwait(false) is { } data)
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

    private static async ValueTask<byte[]?> ReadChunkAsync(string path, long offset, CancellationToken cancellationToken)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            if (length <= offset)
            {
                return null;
            }

            var buffer = new byte[(int)Math.Min(ChunkSize, length - offset)];
            var read = await RandomAccess.ReadAsync(handle, buffer, offset, cancellationToken).ConfigureAwait(false);
            return read == buffer.Length ? buffer : buffer[..read];
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
