// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Fuzz;

/// <summary>Opens connections that send part of a hello and then go silent, at most a few at a time, to hold the agent's accept path.</summary>
internal sealed class StallWorker
{
    private const int AtOnce = 16;
    private readonly int port;
    private readonly FuzzTotals totals;
    private readonly Random random;

    public StallWorker(int port, int seed, FuzzTotals totals)
    {
        this.port = port;
        this.totals = totals;
        random = new Random(seed);
    }

    public async Task RunAsync(int cases, CancellationToken stop)
    {
        var open = new List<Task>();
        try
        {
            while (totals.Cases < cases && !stop.IsCancellationRequested)
            {
                if (open.Count >= AtOnce)
                {
                    open.Remove(await Task.WhenAny(open).ConfigureAwait(false));
                }

                var hello = Corpus.HandshakeLines(Guid.NewGuid())[random.Next(2)];
                open.Add(StallAsync(hello[..random.Next(hello.Length)], TimeSpan.FromMilliseconds(200 + random.Next(3000)), stop));
                totals.Stall();
            }
        }
        finally
        {
            await Task.WhenAll(open).ConfigureAwait(false);
        }
    }

    private async Task StallAsync(byte[] part, TimeSpan hold, CancellationToken stop)
    {
        try
        {
            using var raw = await RawConnection.ConnectAsync(port, totals, stop).ConfigureAwait(false);
            await raw.Stream.WriteAsync(part, stop).ConfigureAwait(false);
            await Task.Delay(hold, stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The run ended, or the agent gave up on the silent caller first.
        }
    }
}
