// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core;

/// <summary>Runs the state-folder cleanup wherever a machine's table is opened, at most once an hour per machine.</summary>
internal static class StateCleanup
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>Starts a cleanup in the background when the last one on this machine is older than an hour.</summary>
    /// <returns>The cleanup, which never fails (completed when none was due); its owner awaits it after cancelling <paramref name="cancellationToken"/>, before it closes what the cleanup reads.</returns>
    public static Task RunIfDue(IProcessStateStore state, string stateFolder, TimeSpan retention, TimeProvider time, CancellationToken cancellationToken)
    {
        var stamp = Path.Combine(stateFolder, ".last-cleanup");
        try
        {
            Directory.CreateDirectory(stateFolder);
            if (File.Exists(stamp) && time.GetUtcNow() - File.GetLastWriteTimeUtc(stamp) < Every)
            {
                return Task.CompletedTask;
            }

            File.WriteAllText(stamp, time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.CompletedTask; // Another process is writing the stamp, or the folder is read-only to us: it will clean.
        }

        return Task.Run(
            async () =>
            {
                try
                {
                    await state.CleanupAsync(retention, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WttException)
                {
                    // A folder in use or not ours: the next cleanup tries again.
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // The machine closed: the next opening cleans.
                }
            },
            CancellationToken.None);
    }
}
