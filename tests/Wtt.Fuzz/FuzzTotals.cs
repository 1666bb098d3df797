// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;

namespace Wtt.Fuzz;

/// <summary>The counters of a run, shared by its workers.</summary>
internal sealed class FuzzTotals
{
    private long handshakeCases;
    private long frameCases;
    private long stalls;
    private long connections;
    private long answers;
    private long crashes;
    private long hangs;
    private long goodCalls;
    private long maxGoodTicks;

    public ConcurrentQueue<string> Failures { get; } = new();

    public long HandshakeCases => Interlocked.Read(ref handshakeCases);

    public long FrameCases => Interlocked.Read(ref frameCases);

    public long Stalls => Interlocked.Read(ref stalls);

    public long Cases => HandshakeCases + FrameCases + Stalls;

    public long Connections => Interlocked.Read(ref connections);

    public long Answers => Interlocked.Read(ref answers);

    public long Crashes => Interlocked.Read(ref crashes);

    public long Hangs => Interlocked.Read(ref hangs);

    public long GoodCalls => Interlocked.Read(ref goodCalls);

    public double MaxGoodMs => TimeSpan.FromTicks(Interlocked.Read(ref maxGoodTicks)).TotalMilliseconds;

    public void Handshake() => Interlocked.Increment(ref handshakeCases);

    public void Frame() => Interlocked.Increment(ref frameCases);

    public void Stall() => Interlocked.Increment(ref stalls);

    public void Connection() => Interlocked.Increment(ref connections);

    public void Answer() => Interlocked.Increment(ref answers);

    public void Crash(string what)
    {
        Interlocked.Increment(ref crashes);
        Failures.Enqueue("crash: " + what);
    }

    public void Hang(string what)
    {
        Interlocked.Increment(ref hangs);
        Failures.Enqueue("hang: " + what);
    }

    public void GoodCall(TimeSpan latency)
    {
        Interlocked.Increment(ref goodCalls);
        long seen;
        while (latency.Ticks > (seen = Interlocked.Read(ref maxGoodTicks)) && Interlocked.CompareExchange(ref maxGoodTicks, latency.Ticks, seen) != seen)
        {
        }
    }
}
