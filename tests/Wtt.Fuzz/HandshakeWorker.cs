// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers.Binary;

namespace Wtt.Fuzz;

/// <summary>
/// Never authenticates: mutated <c>hello</c> and <c>proof</c> lines, over-long lines, and requests (a <c>create</c> among them)
/// sent before, instead of, or after a failed handshake. None of them may have an effect.
/// </summary>
internal sealed class HandshakeWorker
{
    private readonly int port;
    private readonly FuzzTotals totals;
    private readonly Random random;
    private readonly Mutator lines;
    private readonly Mutator frames;

    public HandshakeWorker(int port, int seed, FuzzTotals totals)
    {
        this.port = port;
        this.totals = totals;
        random = new Random(seed);
        lines = new Mutator(random, Corpus.HandshakeLines(Guid.NewGuid()));
        var all = Corpus.Frames(authenticated: false);
        frames = new Mutator(random, [.. all.Select(f => f.Json), .. all.Select(f => f.MessagePack)]);
    }

    public async Task RunAsync(int cases, CancellationToken stop)
    {
        try
        {
            while (totals.Cases < cases && !stop.IsCancellationRequested)
            {
                try
                {
                    await ConnectionAsync(stop).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // The agent refused and closed; that is the expected end of most of these connections.
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run's time is up.
        }
    }

    private async Task ConnectionAsync(CancellationToken stop)
    {
        using var raw = await RawConnection.ConnectAsync(port, totals, stop).ConfigureAwait(false);
        raw.Drain(totals);
        switch (random.Next(5))
        {
            case 0:
                for (int i = 0, n = 1 + random.Next(3); i < n; i++)
                {
                    await SendAsync(raw, lines.Mutate(lines.Seed()), stop).ConfigureAwait(false);
                }

                break;
            case 1:
                await SendAsync(raw, Corpus.HandshakeLines(Guid.NewGuid())[random.Next(2)], stop).ConfigureAwait(false);
                await SendAsync(raw, lines.Mutate(Corpus.HandshakeLines(Guid.NewGuid())[2 + random.Next(2)]), stop).ConfigureAwait(false);
                break;
            case 2:
                // A hello, a wrong proof, then requests as if the agent had said ok.
                await SendAsync(raw, Corpus.HandshakeLines(Guid.NewGuid())[random.Next(2)], stop).ConfigureAwait(false);
                await SendAsync(raw, Corpus.HandshakeLines(Guid.NewGuid())[2], stop).ConfigureAwait(false);
                await FramesAsync(raw, stop).ConfigureAwait(false);
                break;
            case 3:
                // Requests with no handshake at all.
                await FramesAsync(raw, stop).ConfigureAwait(false);
                break;
            default:
                // A line longer than the handshake's limit, with or without its end.
                var line = new byte[8192 + random.Next(100_000)];
                random.NextBytes(line);
                await SendAsync(raw, line, stop).ConfigureAwait(false);
                break;
        }

        // Give the agent a moment to answer (or close) before this side hangs up; the drain reads it.
        await Task.Delay(random.Next(3), stop).ConfigureAwait(false);
    }

    private async Task SendAsync(RawConnection raw, byte[] bytes, CancellationToken stop)
    {
        totals.Handshake();
        await raw.Stream.WriteAsync(bytes, stop).ConfigureAwait(false);
    }

    private async Task FramesAsync(RawConnection raw, CancellationToken stop)
    {
        for (int i = 0, n = 1 + random.Next(4); i < n; i++)
        {
            var body = random.Next(3) == 0 ? frames.Seed() : frames.Mutate(frames.Seed());
            var frame = new byte[body.Length + 4];
            BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
            body.CopyTo(frame, 4);
            await SendAsync(raw, random.Next(2) == 0 ? frame : [.. frame, (byte)'\n'], stop).ConfigureAwait(false);
        }

    }
}
