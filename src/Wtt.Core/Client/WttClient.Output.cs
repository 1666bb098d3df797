// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;
using Wtt.Logs;

namespace Wtt.Client;

public sealed partial class WttClient
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

    private async IAsyncEnumerable<OutputChunk> TailCoreAsync(WttProcessHandle process, TailOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, process.Closed, disposing.Token);
        IAsyncEnumerable<OutputChunk> chunks;
        if (!IsLocal(process.Machine))
        {
            var remote = await RemoteAsync(process.Machine!, stop.Token).ConfigureAwait(false);
            chunks = remote.TailLogAsync(new WttProcessHandle(process.Id), options, stop.Token);
        }
        else
        {
            var log = await FindLogAsync(process.Id, options.LogName, stop.Token).ConfigureAwait(false);
            var tailer = new LogTailer(process.Id, log, time, this.options.TailPollInterval);
            chunks = tailer.ReadAsync(options, () => HasEnded(process.Id), stop.Token);
        }

        await foreach (var chunk in EndQuietlyAsync(chunks, stop.Token, cancellationToken).ConfigureAwait(false))
        {
            yield return process.Machine is null ? chunk : chunk with { Machine = process.Machine };
        }
    }

    private async IAsyncEnumerable<OutputChunk> ReadOutputCoreAsync(WttProcessHandle process, OutputReadOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, process.Closed, disposing.Token);
        IAsyncEnumerable<OutputChunk> chunks;
        if (!IsLocal(process.Machine))
        {
            var remote = await RemoteAsync(process.Machine!, stop.Token).ConfigureAwait(false);
            chunks = remote.ReadOutputAsync(new WttProcessHandle(process.Id), options, stop.Token);
        }
        else
        {
            await EnsureKnownAsync(process.Id, stop.Token).ConfigureAwait(false);
            chunks = state.ReadOutputAsync(process.Id, options.IncludeStandardError, options.Follow, stop.Token);
        }

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
