// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Deleting state folders older than the retention, except those of processes still in the table (<see cref="FolderProcessStateStoreOptions.InTable"/>).</content>
public sealed partial class FolderProcessStateStore
{
    private const string CleanupMarker = ".last-cleanup";

    /// <inheritdoc/>
    public ValueTask<int> CleanupAsync(TimeSpan retention, CancellationToken cancellationToken = default)
    {
        if (retention < TimeSpan.Zero)
        {
            throw WttException.InvalidArgument($"retention is {retention}; give zero or more (default {FolderProcessStateStoreOptions.DefaultRetention.TotalDays} days).");
        }

        if (!Directory.Exists(RootFolder))
        {
            return new(0);
        }

        var cutoff = _time.GetUtcNow().UtcDateTime - retention;
        var deleted = 0;
        foreach (var path in Directory.EnumerateDirectories(RootFolder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Guid.TryParse(Path.GetFileName(path), out var guid) || Options.InTable?.Invoke(new WttProcessId(guid)) == true)
            {
                continue;
            }

            try
            {
                if (Directory.GetLastWriteTimeUtc(path) < cutoff)
                {
                    Directory.Delete(path, recursive: true);
                    _writers.TryRemove(new WttProcessId(guid), out _);
                    _documents.TryRemove(new WttProcessId(guid), out _);
                    deleted++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // In use or deleted meanwhile: the next cleanup tries again.
            }
        }

        return new(deleted);
    }

    /// <summary>Deletes the state folders older than <see cref="FolderProcessStateStoreOptions.Retention"/>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of folders deleted.</returns>
    public ValueTask<int> CleanupAsync(CancellationToken cancellationToken = default) => CleanupAsync(Options.Retention, cancellationToken);

    /// <summary>Runs <see cref="CleanupAsync(CancellationToken)"/> unless a cleanup (by any process) ran less than <paramref name="interval"/> ago.</summary>
    /// <param name="interval">How often cleanup may run (an hour is the engine's choice).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of folders deleted; 0 when no cleanup was due.</returns>
    public async ValueTask<int> CleanupIfDueAsync(TimeSpan interval, CancellationToken cancellationToken = default)
    {
        var marker = Path.Combine(RootFolder, CleanupMarker);
        var now = _time.GetUtcNow().UtcDateTime;
        if (File.Exists(marker) && now - File.GetLastWriteTimeUtc(marker) < interval)
        {
            return 0;
        }

        Directory.CreateDirectory(RootFolder);
        await File.WriteAllBytesAsync(marker, [], cancellationToken).ConfigureAwait(false);
        File.SetLastWriteTimeUtc(marker, now);
        return await CleanupAsync(cancellationToken).ConfigureAwait(false);
    }
}
