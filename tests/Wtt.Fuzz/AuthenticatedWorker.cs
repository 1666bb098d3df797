// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers.Binary;
using System.Text;

namespace Wtt.Fuzz;

/// <summary>
/// Authenticates as a good caller would, then sends mutated frames of the methods that cannot start or stop a process:
/// byte flips, truncation, random types, deep nesting, unicode, NUL bytes, partial writes with stalls, and length-prefix lies.
/// </summary>
internal sealed class AuthenticatedWorker
{
    private readonly int port;
    private readonly string secret;
    private readonly FuzzTotals totals;
    private readonly Random random;
    private readonly Mutator json;
    private readonly Mutator messagePack;

    public AuthenticatedWorker(int port, string secret, int seed, FuzzTotals totals)
    {
        this.port = port;
        this.secret = secret;
        this.totals = totals;
        random = new Random(seed);
        var frames = Corpus.Frames(authenticated: true);
        json = new Mutator(random, [.. frames.Select(f => f.Json)]);
        messagePack = new Mutator(random, [.. frames.Select(f => f.MessagePack)]);
    }

    public async Task RunAsync(int cases, CancellationToken stop)
    {
        try
        {
            while (totals.Cases < cases && !stop.IsCancellationRequested)
            {
                await ConnectionAsync(cases, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run's time is up.
        }
    }

    private async Task ConnectionAsync(int cases, CancellationToken stop)
    {
        var usesMessagePack = random.Next(2) == 0;
        var mutator = usesMessagePack ? messagePack : json;
        using var raw = await RawConnection.ConnectAsync(port, totals, stop).ConfigureAwait(false);
        if (!await raw.AuthenticateAsync(secret, usesMessagePack, stop).ConfigureAwait(false))
        {
            totals.Crash("a correct handshake was refused");
            return;
        }

        raw.Drain(totals);
        try
        {
            for (int i = 0, n = 20 + random.Next(300); i < n && totals.Cases < cases; i++)
            {
                var body = random.Next(10) == 0 ? mutator.Seed() : mutator.Mutate(mutator.Seed());
                if (Launches(body))
                {
                    continue;
                }

                totals.Frame();
                var lie = random.Next(50) == 0;
                await WriteAsync(raw, body, lie, stop).ConfigureAwait(false);
                if (lie)
                {
                    return;
                }
            }
        }
        catch (IOException)
        {
            // The agent closed the connection (after a frame length it could not use); the next connection goes on.
        }
    }

    /// <summary>Whether a mutated frame might name a method that starts or stops a process; such a frame is not sent.</summary>
    private static bool Launches(byte[] body)
    {
        var text = Encoding.Latin1.GetString(body);
        return Corpus.Launching.Any(m => text.Contains(m, StringComparison.OrdinalIgnoreCase));
    }

    private async Task WriteAsync(RawConnection raw, byte[] body, bool lie, CancellationToken stop)
    {
        var length = !lie ? body.Length : random.Next(5) switch
        {
            0 => 0,
            1 => -random.Next(1, int.MaxValue),
            2 => int.MaxValue,
            3 => body.Length + 1 + random.Next(1000),
            _ => Math.Max(1, body.Length - 1 - random.Next(Math.Max(1, body.Length))),
        };
        var frame = new byte[body.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(frame, length);
        body.CopyTo(frame, 4);
        if (random.Next(20) != 0)
        {
            await raw.Stream.WriteAsync(frame, stop).ConfigureAwait(false);
            return;
        }

        // A partial write: the frame in pieces, with stalls between them.
        for (var at = 0; at < frame.Length;)
        {
            var piece = Math.Min(frame.Length - at, 1 + random.Next(Math.Max(1, frame.Length / 2)));
            await raw.Stream.WriteAsync(frame.AsMemory(at, piece), stop).ConfigureAwait(false);
            at += piece;
            await Task.Delay(random.Next(20), stop).ConfigureAwait(false);
        }
    }
}
