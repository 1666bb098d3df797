// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Logs;

/// <summary>Wakes a reader when a file changes: a file-system watcher where one can be made, a poll interval always.</summary>
internal sealed class ChangeSignal : IDisposable
{
    private readonly FileSystemWatcher? watcher;
    private readonly SemaphoreSlim signal = new(0, 1);

    public ChangeSignal(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder))
        {
            return;
        }

        try
        {
            watcher = new FileSystemWatcher(folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => Release();
            watcher.Created += (_, _) => Release();
            watcher.Renamed += (_, _) => Release();
            watcher.Deleted += (_, _) => Release();
            watcher.EnableRaisingEvents = true;
        }
        catch (IOException)
        {
            // Out of inotify watches: the poll interval still wakes the reader.
            watcher?.Dispose();
            watcher = null;
        }
    }

    /// <summary>Waits for a change notification or the poll interval, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan pollInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = time.CreateTimer(_ => Release(), null, pollInterval, Timeout.InfiniteTimeSpan);
        await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        watcher?.Dispose();
        signal.Dispose();
    }

    private void Release()
    {
        try
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
        }
    }
}
