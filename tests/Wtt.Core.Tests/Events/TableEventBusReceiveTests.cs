// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Wtt.Core.Events;
using Wtt.Core.Tests.Contracts;
using Wtt.Core.Tests.Launching;
using Wtt.Core.Tests.ProcessTable;

namespace Wtt.Core.Tests.Events;

/// <summary>
/// The receiving end on a thread of its own (<see cref="TableEventBus.StartReceiving"/>), and a process's event loop over it:
/// the sender and the receiver each with their own table instance on one folder, as two processes have.
/// </summary>
public sealed class TableEventBusReceiveTests : IAsyncLifetime
{
    private static readonly TimeSpan TestWait = TimeSpan.FromSeconds(10);
    private static readonly string Root = ContractFolders.NewRoot("event-receive");
    private readonly string folder = Path.Combine(Root, Guid.NewGuid().ToString("N"));
    private readonly CancellationTokenSource stop = new();
    private SharedMemoryProcessTable senderTable = null!;
    private SharedMemoryProcessTable receiverTable = null!;
    private TableEventBus sender = null!;
    private TableEventBus receiver = null!;
    private WttProcessId id;

    public Task InitializeAsync()
    {
        var options = new SharedMemoryProcessTableOptions { TableFolder = Path.Combine(folder, "table") };
        senderTable = SharedMemoryProcessTable.Open(options);
        receiverTable = SharedMemoryProcessTable.Open(options);
        sender = new TableEventBus(senderTable, Path.Combine(folder, "events"));
        receiver = new TableEventBus(receiverTable, Path.Combine(folder, "events"));
        id = senderTable.Add(new ProcessRecord(WttProcessId.New()) { Pid = Environment.ProcessId, Kind = ProcessKind.WttBased, Status = ProcessStatus.Running }).Id;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        sender.Dispose();
        receiver.Dispose();
        await senderTable.DisposeAsync();
        await receiverTable.DisposeAsync();
        stop.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [LinuxFact(Timeout = 10_000)]
    public async Task Receive_DeliversOnItsOwnThread_InOrder_FromTheStartOfTheQueue()
    {
        for (var i = 0; i < 3; i++)
        {
            await sender.SendAsync(id, WttSignal.Create("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var delivered = Channel.CreateUnbounded<(string Payload, string? Thread)>();
        var ended = Start(signal => delivered.Writer.TryWrite((signal.PayloadText(), Thread.CurrentThread.Name)));
        for (var i = 3; i < 50; i++)
        {
            await sender.SendAsync(id, WttSignal.Create("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var seen = new List<string>();
        while (seen.Count < 50)
        {
            var (payload, on) = await delivered.Reader.ReadAsync().AsTask().WaitAsync(TestWait);
            Assert.Equal("Wtt events", on);
            seen.Add(payload);
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), seen);
        Assert.False(ended.IsCompleted);
    }

    [LinuxFact(Timeout = 10_000)]
    public async Task Receive_EndsWhenCancelled()
    {
        var ended = await StartAndReceiveOneAsync();

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ended.WaitAsync(TestWait));
    }

    [LinuxFact(Timeout = 10_000)]
    public async Task Receive_RowRemoved_EndsWithUnknownProcess()
    {
        var ended = await StartAndReceiveOneAsync();

        Assert.True(senderTable.Remove(id));

        var error = await Assert.ThrowsAsync<WttException>(() => ended.WaitAsync(TestWait));
        Assert.Equal(WttErrorCode.UnknownProcess, error.ErrorCode);
    }

    [LinuxFact(Timeout = 10_000)]
    public async Task Receive_ItsTableDisposed_EndsWithClosed()
    {
        var ended = await StartAndReceiveOneAsync();

        await receiverTable.DisposeAsync();

        var error = await Assert.ThrowsAsync<WttException>(() => ended.WaitAsync(TestWait));
        Assert.Equal(WttErrorCode.Closed, error.ErrorCode);
    }

    [LinuxFact(Timeout = 10_000)]
    public async Task Receive_AnEventWhoseWakeWasLost_ArrivesAtTheBackstop()
    {
        var delivered = Channel.CreateUnbounded<string>();
        _ = receiver.StartReceiving(id, signal => delivered.Writer.TryWrite(signal.PayloadText()), stop.Token, backstopMilliseconds: 100);
        await sender.SendAsync(id, WttSignal.Create("n", "woken"));
        Assert.Equal("woken", await delivered.Reader.ReadAsync().AsTask().WaitAsync(TestWait));

        // The sender dies between its post and its wake: nothing moves the word the thread sleeps on, so only its next
        // check at the backstop finds the event.
        sender.Append(id, WttSignal.Create("n", "not woken"));
        senderTable.PostEventWithoutWakeForTesting(id, ProcessEventBits.QueuedEvents);

        Assert.Equal("not woken", await delivered.Reader.ReadAsync().AsTask().WaitAsync(TestWait));
    }

    [LinuxFact(Timeout = 10_000)]
    public async Task Receive_OtherChangesOfTheTable_DoNotWakeTheEventThread()
    {
        var threads = Channel.CreateUnbounded<int>();
        _ = Start(_ => threads.Writer.TryWrite(gettid()));
        await sender.SendAsync(id, WttSignal.Create("n"));
        var thread = await threads.Reader.ReadAsync().AsTask().WaitAsync(TestWait);
        var other = senderTable.Add(new ProcessRecord(WttProcessId.New()) { Pid = Environment.ProcessId, Kind = ProcessKind.WttBased, Status = ProcessStatus.Running }).Id;

        // Another process's heartbeats move the table's change counter; the event thread sleeps on its row's own word.
        var before = SleepsOf(thread);
        for (var i = 0; i < 500; i++)
        {
            senderTable.StampHeartbeat(other, DateTimeOffset.UtcNow);
        }

        var after = SleepsOf(thread);
        await sender.SendAsync(id, WttSignal.Create("n"));
        Assert.Equal(thread, await threads.Reader.ReadAsync().AsTask().WaitAsync(TestWait));

        // A sleep or two: the thread may still have been on its way back to sleep after the first event.
        Assert.InRange(after - before, 0, 2);
    }

    [LinuxFact]
    public void Receive_UnknownProcess_Throws()
    {
        WttAssert.Throws(WttErrorCode.UnknownProcess, () => receiver.Receive(WttProcessId.New(), _ => { }, stop.Token));
    }

    [LinuxFact(Timeout = 10_000)]
    public async Task ProcessContext_HandlersStartOnTheEventThread_InOrder_AndDisposeEndsIt()
    {
        var context = new WttProcessContext(id, receiverTable, receiver, new InMemoryProcessStateStore(TimeProvider.System), new FakeTimeProvider());
        var seen = new List<string>();
        var threads = new List<string?>();
        var handled = Channel.CreateUnbounded<int>();
        using (context.OnEvent("n", (signal, _) =>
        {
            threads.Add(Thread.CurrentThread.Name);
            seen.Add(signal.PayloadText());
            handled.Writer.TryWrite(seen.Count);
            return ValueTask.CompletedTask;
        }))
        {
            // One at a time: an event that finds the loop waiting runs its handler on the event thread. (The loop also
            // takes, on the thread it is on, an event that came while it was busy: the first, while it starts, may be
            // handled on the pool.)
            for (var i = 0; i < 20; i++)
            {
                await sender.SendAsync(id, WttSignal.Create("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.Equal(i + 1, await handled.Reader.ReadAsync().AsTask().WaitAsync(TestWait));
            }
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), seen);
        Assert.Contains("Wtt events", threads);
        await context.DisposeAsync().AsTask().WaitAsync(TestWait);
        Assert.True(context.Completion.IsCompletedSuccessfully);
    }

    /// <summary>Starts receiving and waits for one event: the thread then sleeps in the wait that the test ends.</summary>
    private async Task<Task> StartAndReceiveOneAsync()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = Start(_ => first.TrySetResult());
        await sender.SendAsync(id, WttSignal.Create("n"));
        await first.Task.WaitAsync(TestWait);
        return ended;
    }

    /// <summary>How many times a thread of this process went to sleep (its voluntary context switches).</summary>
    private static long SleepsOf(int thread)
        => long.Parse(
            File.ReadLines($"/proc/self/task/{thread}/status").First(line => line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))["voluntary_ctxt_switches:".Length..].Trim(),
            System.Globalization.CultureInfo.InvariantCulture);

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int gettid();

    /// <summary>Starts receiving with no backstop: every end the tests check must come from a wake, not from the next periodic check.</summary>
    private Task Start(Action<WttSignal> deliver) => receiver.StartReceiving(id, deliver, stop.Token, Timeout.Infinite);
}
