// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core;

namespace Wtt.Samples.Lab;

/// <summary>A lab process (server, peer or monitor): attaches to Wtt, logs, reports initialised, beats, and stops on Shutdown.</summary>
internal static class LabRole
{
    public static async Task<int> RunAsync(string role, string logPath)
    {
        await using var self = await WttProcess.AttachAsync();
        await using var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
        await self.RegisterLogFileAsync(logPath);
        using var main = self.RegisterThread("main", TimeSpan.FromSeconds(5));
        await log.WriteLineAsync($"{role} {self.Id} starting");
        await self.ReportInitializedAsync();
        await log.WriteLineAsync($"{role} initialised");
        for (var tick = 1; !self.ShutdownToken.IsCancellationRequested; tick++)
        {
            using (main.PushComment($"tick {tick}"))
            {
                main.Beat();
                await log.WriteLineAsync($"{role} tick {tick}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), self.ShutdownToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await log.WriteLineAsync($"{role} shutdown received, cleaning up");
        return 0;
    }
}
