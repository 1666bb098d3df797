// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core;

namespace Wtt.Samples.Child;

/// <summary>
/// The child side: attach, register a log file and a thread, handle a user event and Shutdown, report
/// initialised, beat until Shutdown, clean up and exit with 0.
/// </summary>
internal static class ChildProgram
{
    public static async Task<int> RunAsync(string logPath)
    {
        // Handlers run on the event loop, beside the main loop: the log is written under a lock. It is opened
        // before attaching so that it is closed after the detach, which waits for a running Shutdown handler.
        await using var log = TextWriter.Synchronized(new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true });

        // Run through Wtt, the program finds its row from its environment; started by hand, it registers itself.
        await using var self = await WttProcess.AttachAsync();
        await self.RegisterLogFileAsync(logPath);
        log.WriteLine($"child {self.Id} attached (self-registered: {self.IsSelfRegistered})");

        // A thread that must beat at least every 5 seconds; if it does not, the row reads NeedsAssistance.
        using var main = self.RegisterThread("main", TimeSpan.FromSeconds(5));

        // Events sent before this registration (the caller sends "greet" right after starting us) are held
        // and delivered here, in order.
        using var greet = self.OnEvent("greet", (signal, _) =>
        {
            log.WriteLine($"child greeted by {signal.PayloadText()}");
            return ValueTask.CompletedTask;
        });

        // Shutdown first cancels self.ShutdownToken (which ends the loop below), then runs its handlers.
        using var shutdown = self.OnEvent(WttSignal.Shutdown.Name, (_, _) =>
        {
            log.WriteLine("child shutdown received");
            return ValueTask.CompletedTask;
        });

        await self.ReportInitializedAsync();
        log.WriteLine("child initialised");

        for (var tick = 1; !self.ShutdownToken.IsCancellationRequested; tick++)
        {
            using (main.PushComment($"waiting for work, tick {tick}"))
            {
                main.Beat();
                if (tick % 5 == 0)
                {
                    log.WriteLine($"child tick {tick}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), self.ShutdownToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        log.WriteLine("child cleaned up, exiting with 0");
        return 0;
    }
}
