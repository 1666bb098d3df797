// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;
using Wtt.Core.Logs;

namespace Wtt.Core;

public sealed partial class LocalWttClient
{
    /// <inheritdoc/>
    public IAsyncEnumerable<OutputChunk> TailLogAsync(WttProcessHandle process, TailOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (process is null)
        {
            throw WttException.InvalidArgument("TailLogAsync needs a handle; pass one from CreateProcessAsync or OpenProcessAsync.");
        }

        options ??= TailOptions.Default;
        options.Validate();
        ThrowIfDisposed();
        return TailCoreAsync(process, options, cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessHandle process, OutputReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (process is null)
        {
            throw WttException.InvalidArgument("ReadOutputAsync needs a handle; pass one from CreateProcessAsync or OpenProcessAsync.");
        }

        options ??= OutputReadOptions.Default;
        ThrowIfDisposed();
        return ReadOutputCoreAsync(process, options, cancellationToken);
    }

    private IAsyncEnumerable<OutputChunk> TailCoreAsync(WttProcessHandle process, TailOptions options, CancellationToken cancellationToken)
        => StreamAsync(
            process,
            (remote, ct) => remote.TailLogAsync(new WttProcessHandle(process.Id), options, ct),
            async ct =>
            {
                var log = await FindLogAsync(process.Id, options.LogName, ct).ConfigureAwait(false);
                return new LogTailer(process.Id, log, time, this.options.TailPollInterval).ReadAsync(options, () => HasEnded(process.Id), ct);
            },
            cancellationToken);

    private IAsyncEnumerable<OutputChunk> ReadOutputCoreAsync(WttProcessHandle process, OutputReadOptions options, CancellationToken cancellationToken)
        => StreamAsync(
            process,
            (remote, ct) => remote.ReadOutputAsync(new WttProcessHandle(process.Id), options, ct),
            async ct =>
            {
                await EnsureKnownAsync(process.Id, ct).ConfigureAwait(false);
                return state.ReadOutputAsync(process.Id, options.IncludeStandardError, options.Follow, ct);
            },
            cancellationToken);

    /// <summary>Streams chunks from the process's machine until they end, the caller cancels, the handle closes or this client is disposed.</summary>
    private async IAsyncEnumerable<OutputChunk> StreamAsync(
        WttProcessHandle process,
        Func<IWttClient, CancellationToken, IAsyncEnumerable<OutputChunk>> remoteStream,
        Func<CancellationToken, ValueTask<IAsyncEnumerable<OutputChunk>>> localStream,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, process.Closed, disposing.Token);
        var chunks = IsLocal(process.Machine)
            ? await localStream(stop.Token).ConfigureAwait(false)
            : remoteStream(await RemoteAsync(process.Machine!, stop.Token).ConfigureAwait(false), stop.Token);
        await foreach (var chunk in EndQuietlyAsync(chunks, stop.Token, cancellationToken).ConfigureAwait(false))
        {
            yield return process.Machine is null ? chunk : chunk with { Machine = process.Machine };
        }
    }

    /// <summary>Ends the sequence without an exception when the handle or client closed it; the caller's own token still throws.</summary>
    private static async IAsyncEnumerable<OutputChunk> EndQuietlyAsync(IAsyncEnumerable<OutputChunk> chunks, CancellationToken stop, [EnumeratorCancellation] CancellationToken caller)
    {
        var enumerator = chunks.GetAsyncEnumerator(stop);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !caller.IsCancellationRequested)
                {
                    yield break;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<LogFileInfo> FindLogAsync(WttProcessId id, string? name, CancellationToken cancellationToken)
    {
        var document = await state.ReadAsync(id, cancellationToken).ConfigureAwait(false);
        if (document is null && !table.TryGet(id, out _))
        {
            throw WttException.UnknownProcess(id, options.MachineName);
        }

        var logs = document?.LogFiles ?? [];
        var log = name is null
            ? logs.FirstOrDefault()
            : logs.FirstOrDefault(l => l.Name == name) ?? logs.FirstOrDefault(l => l.Path == name);
        return log ?? throw new WttException(
            WttErrorCode.LogNotRegistered,
            name is null
                ? $"Process {id} has registered no log file; it must call RegisterLogFileAsync (or list the file in ProcessStartSpec.LogFiles) before it can be tailed."
                : $"Process {id} has not registered a log named '{name}'; registered: {(logs.Count == 0 ? "none" : string.Join(", ", logs.Select(l => l.Name)))}. Only registered logs can be tailed.",
            processId: id);
    }

    private bool HasEnded(WttProcessId id) => !table.TryGet(id, out var row) || row.Status.IsEnded();
}
