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
                    Forget(new WttProcessId(guid));
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
        => TryClaimCleanup(interval) ? await CleanupAsync(cancellationToken).ConfigureAwait(false) : 0;

    /// <summary>
    /// Starts <see cref="CleanupIfDueAsync"/> in the background, as a machine does when it opens: nothing runs when no
    /// cleanup is due, or when the marker cannot be written (another process is writing it, or the folder is read-only
    /// to this one: its owner cleans).
    /// </summary>
    /// <param name="interval">How often cleanup may run.</param>
    /// <param name="cancellationToken">Stops the cleanup (at its next folder).</param>
    /// <returns>The cleanup, which never fails (completed when none was due); its owner awaits it after cancelling
    /// <paramref name="cancellationToken"/>, before it closes what the cleanup reads (the table of <see cref="FolderProcessStateStoreOptions.InTable"/>).</returns>
    internal Task StartCleanupIfDue(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            if (!TryClaimCleanup(interval))
            {
                return Task.CompletedTask;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.CompletedTask;
        }

        return Task.Run(
            async () =>
            {
                try
                {
                    _ = await CleanupAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WttException)
                {
                    // A folder in use or not ours: the next cleanup tries again.
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // The owner closed: the next opening cleans.
                }
            },
            CancellationToken.None);
    }

    /// <summary>
    /// Claims the next cleanup when the last one, by any process, is <paramref name="interval"/> old or older: the
    /// marker in the root folder is stamped with the injected clock's time.
    /// </summary>
    /// <returns><see langword="false"/> when a cleanup ran less than <paramref name="interval"/> ago.</returns>
    private bool TryClaimCleanup(TimeSpan interval)
    {
        var marker = Path.Combine(RootFolder, CleanupMarker);
        var now = _time.GetUtcNow().UtcDateTime;
        if (File.Exists(marker) && now - File.GetLastWriteTimeUtc(marker) < interval)
        {
            return false;
        }

        Directory.CreateDirectory(RootFolder);
        File.WriteAllBytes(marker, []);
        File.SetLastWriteTimeUtc(marker, now);
        return true;
    }
}
