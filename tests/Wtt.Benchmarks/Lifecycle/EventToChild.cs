// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Wtt.Core;
using Wtt.Core.Launching.Native;

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>
/// Issue 13's user event as the issue words it: to a Wtt-based child, against a SIGUSR1 to a
/// <see cref="PosixSignalRegistration"/> handler in the same child, taken in turn. The child (this program, run as
/// <c>event-child</c>) prints the monotonic clock's reading as each handler starts; both processes read the same clock
/// (<see cref="Stopwatch.GetTimestamp"/>), so the latency is that reading less the parent's reading just before
/// <see cref="IWttClient.SignalAsync"/> or <c>kill</c>. The next event is sent once the line of the last one is read.
/// </summary>
/// <remarks>
/// Run with <c>dotnet run -c Release --project tests/Wtt.Benchmarks -- event-to-child [events]</c>; prints, for three
/// repeats, the ratio of the medians, then the figures (<see cref="LatencyRecorder"/>) of each latency and of the
/// parent's own calls (<c>kill</c>, <see cref="IWttClient.SignalAsync"/>).
/// </remarks>
internal static class EventToChild
{
    private const int SigUsr1 = 10;

    /// <summary>The parent: starts the child on a machine of its own, sends it events and signals in turn, prints the latencies.</summary>
    /// <param name="events">Events (and as many signals) per repeat.</param>
    /// <returns>A task that completes when the child is gone.</returns>
    public static async Task RunAsync(int events)
    {
        var folder = BenchFolder.Create();
        try
        {
            await using var machine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = folder });
            var client = machine.Client;
            // This program again: its apphost, or the dotnet host with its assembly.
            var host = Environment.ProcessPath!;
            var child = await client.CreateProcessAsync(new ProcessStartSpec(host)
            {
                Arguments = Path.GetFileNameWithoutExtension(host) == "dotnet" ? [typeof(EventToChild).Assembly.Location, "event-child"] : ["event-child"],
                Kind = ProcessKind.WttBased,
                CaptureOutput = true,
            });
            var lines = Channel.CreateUnbounded<string>();
            var reading = ReadLinesAsync(client, child, lines.Writer);
            var ready = await NextAsync(lines.Reader);
            var pid = int.Parse(ready.AsSpan("READY ".Length), CultureInfo.InvariantCulture);
            var ping = WttSignal.Create("Ping", "p"u8);

            // An event and a signal, recorded when recorders are given.
            async Task PairAsync((LatencyRecorder UserEvent, LatencyRecorder Signal, LatencyRecorder SignalCall, LatencyRecorder KillCall)? record)
            {
                var start = Stopwatch.GetTimestamp();
                await client.SignalAsync(ProcessSet.Of(child), ping);
                var returned = Stopwatch.GetTimestamp();
                var handled = Stamp(await NextAsync(lines.Reader), 'E');
                record?.SignalCall.Record(start, returned);
                record?.UserEvent.Record(start, handled);

                start = Stopwatch.GetTimestamp();
                _ = LibC.kill(pid, SigUsr1);
                returned = Stopwatch.GetTimestamp();
                handled = Stamp(await NextAsync(lines.Reader), 'S');
                record?.KillCall.Record(start, returned);
                record?.Signal.Record(start, handled);
            }

            // The child's handlers are compiled by its own JIT, which this process cannot see: 3 s at least.
            _ = await JitWarmUp.RunAsync(() => PairAsync(null), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            for (var repeat = 1; repeat <= 3; repeat++)
            {
                var userEvent = new LatencyRecorder("Wtt user event -> handler in the child", events);
                var signal = new LatencyRecorder("SIGUSR1 -> handler in the child (baseline)", events);
                var signalCall = new LatencyRecorder("the parent's SignalAsync call", events);
                var killCall = new LatencyRecorder("the parent's kill call", events);
                for (var i = -events / 10; i < events; i++)
                {
                    await PairAsync(i >= 0 ? (userEvent, signal, signalCall, killCall) : null).ConfigureAwait(false);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {repeat}, {events} of each: the event's median over SIGUSR1's {userEvent.Micros(0.5) / signal.Micros(0.5):F2}x"));
                signal.Report();
                userEvent.Report();
                killCall.Report();
                signalCall.Report();
            }

            await client.TerminateAsync(ProcessSet.Of(child), new TerminateOptions { GracePeriod = TimeSpan.Zero });
            await reading;
        }
        finally
        {
            BenchFolder.Delete(folder);
        }
    }

    /// <summary>The child: attaches, prints a line as each handler starts, and runs until it is told to shut down.</summary>
    /// <returns>A task that completes at shutdown.</returns>
    public static async Task ChildAsync()
    {
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
        var gate = new Lock();
        void Say(string line)
        {
            lock (gate)
            {
                output.WriteLine(line);
            }
        }

        await using var wtt = await WttProcess.AttachAsync();
        using var onEvent = wtt.OnEvent("Ping", (_, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            Say(string.Create(CultureInfo.InvariantCulture, $"E {now}"));
            return ValueTask.CompletedTask;
        });
        using var onSignal = PosixSignalRegistration.Create((PosixSignal)SigUsr1, context =>
        {
            var now = Stopwatch.GetTimestamp();
            context.Cancel = true;
            Say(string.Create(CultureInfo.InvariantCulture, $"S {now}"));
        });
        Say(string.Create(CultureInfo.InvariantCulture, $"READY {Environment.ProcessId}"));
        try
        {
            await Task.Delay(Timeout.Infinite, wtt.ShutdownToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static long Stamp(string line, char kind)
        => line.Length > 2 && line[0] == kind && line[1] == ' '
            ? long.Parse(line.AsSpan(2), CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"The child printed '{line}' where a line '{kind} <timestamp>' was due.");

    private static async Task<string> NextAsync(ChannelReader<string> lines)
        => await lines.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    private static async Task ReadLinesAsync(IWttClient client, WttProcessHandle child, ChannelWriter<string> lines)
    {
        var pending = new StringBuilder();
        try
        {
            await foreach (var chunk in client.ReadOutputAsync(child, new OutputReadOptions { Follow = true }))
            {
                foreach (var c in Encoding.UTF8.GetString(chunk.Data.Span))
                {
                    if (c == '\n')
                    {
                        lines.TryWrite(pending.ToString());
                        pending.Clear();
                    }
                    else
                    {
                        pending.Append(c);
                    }
                }
            }
        }
        finally
        {
            lines.TryComplete();
        }
    }
}
