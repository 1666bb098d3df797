// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core;

/// <summary>Runs the state-folder cleanup wherever a machine's table is opened, at most once an hour per machine.</summary>
internal static class StateCleanup
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>Starts a cleanup in the background when the last one on this machine is older than an hour.</summary>
    public static void RunIfDue(IProcessStateStore state, string stateFolder, TimeSpan retention, TimeProvider time)
    {
        var stamp = Path.Combine(stateFolder, ".last-cleanup");
        try
        {
            Directory.CreateDirectory(stateFolder);
            if (File.Exists(stamp) && time.GetUtcNow() - File.GetLastWriteTimeUtc(stamp) < Every)
            {
                return;
            }

            File.WriteAllText(stamp, time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return; // Another process is writing the stamp, or the folder is read-only to us: it will clean.
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await state.CleanupAsync(retention).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WttException)
            {
                // A folder in use or not ours: the next cleanup tries again.
            }
        });
    }
}
