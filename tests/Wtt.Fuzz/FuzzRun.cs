// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Security.Cryptography;

namespace Wtt.Fuzz;

/// <summary>
/// One run: start the agent, keep a good client calling through it, send the cases from several workers, then check the agent
/// still serves, nothing ran without authentication, no good call waited past the limit, and the agent's memory stayed bounded.
/// </summary>
internal static class FuzzRun
{
    /// <summary>The longest a good client's call may take while the fuzz runs.</summary>
    public static readonly TimeSpan GoodCallLimit = TimeSpan.FromSeconds(5);

    /// <summary>The most the agent's resident set may grow over a run.</summary>
    public const long RssGrowthLimitKiB = 256 * 1024;

    public static async Task<int> RunAsync(FuzzSettings settings)
    {
        Console.WriteLine($"== Wire fuzz: seed {settings.Seed}, {settings.Cases} cases, at most {settings.Seconds} s (replay: --seed {settings.Seed} --cases {settings.Cases})");
        var folder = Directory.CreateTempSubdirectory("wtt-fuzz-").FullName;
        Corpus.Marker = Path.Combine(folder, "created-without-authentication");
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var totals = new FuzzTotals();
        try
        {
            await using var agent = await AgentProcess.StartAsync(secret, folder).ConfigureAwait(false);
            await using var good = await GoodClient.StartAsync(agent.Port, secret, totals).ConfigureAwait(false);
            var rowsBefore = await good.RowsAsync().ConfigureAwait(false);
            var rssBefore = agent.RssKiB();

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(settings.Seconds));
            var clock = Stopwatch.StartNew();
            var workers = new List<Task>();
            for (var i = 0; i < 3; i++)
            {
                workers.Add(new AuthenticatedWorker(agent.Port, secret, settings.Seed + i, totals).RunAsync(settings.Cases, stop.Token));
            }

            for (var i = 0; i < 2; i++)
            {
                workers.Add(new HandshakeWorker(agent.Port, settings.Seed + 100 + i, totals).RunAsync(settings.Cases, stop.Token));
            }

            workers.Add(new StallWorker(agent.Port, settings.Seed + 200, totals).RunAsync(settings.Cases, stop.Token));
            var watch = WatchAsync(agent, totals, stop.Token);
            await Task.WhenAll(workers).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
            var sending = clock.Elapsed;

            // After the storm: the agent still answers, nothing ran unauthenticated, memory stayed bounded.
            await good.StopAsync().ConfigureAwait(false);
            var rowsAfter = agent.HasExited ? -1 : await good.RowsAsync().ConfigureAwait(false);
            GC.KeepAlive(rowsAfter);
            var rssAfter = agent.HasExited ? -1 : agent.RssKiB();
            var children = agent.HasExited ? 0 : agent.Children();
            if (agent.HasExited || agent.Errors.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase))
            {
                totals.Crash($"the agent exited ({(agent.HasExited ? "yes" : "no")}) or reported: {agent.Errors}");
            }

            var effects = (rowsAfter != rowsBefore ? 1 : 0) + (File.Exists(Corpus.Marker) ? 1 : 0) + children;
            Console.WriteLine($"== Wire fuzz totals (seed {settings.Seed})");
            Console.WriteLine($"cases sent: {totals.Cases} (handshake lines {totals.HandshakeCases}, authenticated frames {totals.FrameCases}, stalls {totals.Stalls}) in {sending.TotalSeconds:0.0} s");
            Console.WriteLine($"connections: {totals.Connections}; reads of agent answers: {totals.Answers}");
            Console.WriteLine($"crashes: {totals.Crashes}; hangs (good calls over {GoodCallLimit.TotalSeconds:0} s or failed): {totals.Hangs}; good calls: {totals.GoodCalls}, max latency {totals.MaxGoodMs:0.0} ms");
            Console.WriteLine($"effects without authentication: {effects} (table rows {rowsBefore} -> {rowsAfter}, marker file {(File.Exists(Corpus.Marker) ? "created" : "absent")}, agent children {children})");
            Console.WriteLine($"agent RSS: {rssBefore / 1024.0:0.0} MiB before, {rssAfter / 1024.0:0.0} MiB after (growth limit {RssGrowthLimitKiB / 1024} MiB)");
            foreach (var failure in totals.Failures.Take(10))
            {
                Console.WriteLine($"failure: {failure}");
            }

            var ok = totals.Crashes == 0 && totals.Hangs == 0 && effects == 0 && rssAfter - rssBefore < RssGrowthLimitKiB && totals.Cases >= Math.Min(settings.Cases, 1);
            Console.WriteLine(ok ? "== Wire fuzz passed" : "== Wire fuzz FAILED");
            return ok ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WatchAsync(AgentProcess agent, FuzzTotals totals, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (agent.HasExited)
                {
                    totals.Crash($"the agent exited with {agent.Errors}");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }
}
