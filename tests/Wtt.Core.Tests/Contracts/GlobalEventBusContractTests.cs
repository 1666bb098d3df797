// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.Contracts;

/// <summary>The contract of <see cref="IGlobalEventBus"/>, written once; each implementation runs it through a subclass.</summary>
public abstract class GlobalEventBusContractTests : IAsyncLifetime
{
    private static readonly TimeSpan TestWait = TimeSpan.FromSeconds(20);
    private IProcessTable table = null!;
    private IGlobalEventBus bus = null!;

    protected FakeTimeProvider Time { get; } = new();

    public Task InitializeAsync()
    {
        table = CreateTable(Time);
        bus = CreateBus(table);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await table.DisposeAsync();

    protected abstract IProcessTable CreateTable(TimeProvider time);

    protected abstract IGlobalEventBus CreateBus(IProcessTable table);

    [Fact(Timeout = 20_000)]
    public async Task Send_ThenReceive_RoundTripsNameAndPayload()
    {
        var id = AddProcess();
        var payload = Enumerable.Range(0, WttSignal.MaxPayloadBytes).Select(i => (byte)i).ToArray();
        var sent = WttSignal.Create("Custom.Event-1", payload);

        Assert.Equal(SignalOutcome.Delivered, await bus.SendAsync(id, sent));
        Assert.Equal(SignalOutcome.Delivered, await bus.SendAsync(id, WttSignal.Create("text", "héllo")));

        var received = await ReceiveAsync(id, 2);
        Assert.Equal(sent, received[0]);
        Assert.Equal(payload, received[0].Payload.ToArray());
        Assert.Equal("héllo", received[1].PayloadText());
    }

    [Fact(Timeout = 20_000)]
    public async Task Send_ManyConcurrently_LosesNoneAndKeepsEachSendersOrder()
    {
        const int Senders = 8;
        const int PerSender = 250;
        var id = AddProcess();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var sends = Enumerable.Range(0, Senders).Select(s => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < PerSender; i++)
            {
                Assert.Equal(SignalOutcome.Delivered, await bus.SendAsync(id, WttSignal.Create($"s{s}", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }
        })).ToList();
        var receive = ReceiveAsync(id, Senders * PerSender);
        start.SetResult();
        await Task.WhenAll(sends).WaitAsync(TestWait);
        var received = await receive;

        for (var s = 0; s < Senders; s++)
        {
            var mine = received.Where(e => e.Name == $"s{s}").Select(e => int.Parse(e.PayloadText(), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, PerSender), mine);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task Send_ToManyTargetsConcurrently_EachGetsAllOfItsOwn()
    {
        // More targets than a sender keeps queues open for, sent to from several threads at once.
        const int Targets = 150;
        const int PerTarget = 3;
        var ids = Enumerable.Range(0, Targets).Select(_ => AddProcess()).ToList();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var round = 0; round < PerTarget; round++)
            {
                foreach (var id in ids.Where((_, i) => i % 4 == worker))
                {
                    Assert.Equal(SignalOutcome.Delivered, await bus.SendAsync(id, WttSignal.Create("n", round.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                }
            }
        }))).WaitAsync(TestWait);

        foreach (var id in ids)
        {
            var received = await ReceiveAsync(id, PerTarget);
            Assert.Equal(["0", "1", "2"], received.Select(e => e.PayloadText()));
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task Send_BeforeTheReceiverStarts_IsDeliveredInOrder()
    {
        var id = AddProcess();
        for (var i = 0; i < 5; i++)
        {
            await bus.SendAsync(id, WttSignal.Create("e" + i));
        }

        Assert.Equal(["e0", "e1", "e2", "e3", "e4"], (await ReceiveAsync(id, 5)).Select(e => e.Name));
    }

    [Fact(Timeout = 20_000)]
    public async Task Send_BumpsTheRowsEventSequence_AndWakesItsWaiter()
    {
        var id = AddProcess();
        var wait = table.WaitForEventAsync(id, 0, Timeout.InfiniteTimeSpan).AsTask();

        await bus.SendAsync(id, WttSignal.Shutdown);

        Assert.NotEqual(0, await wait.WaitAsync(TestWait));
        Assert.True(table.TryGet(id, out var row));
        Assert.True(((ProcessEventBits)row.EventWord).HasFlag(ProcessEventBits.Shutdown));
    }

    [Theory(Timeout = 20_000)]
    [InlineData(ProcessStatus.Exited)]
    [InlineData(ProcessStatus.Terminated)]
    [InlineData(ProcessStatus.NotActive)]
    public async Task Send_ToAnEndedProcess_ReturnsAlreadyExited(ProcessStatus status)
    {
        var id = AddProcess();
        table.SetStatus(id, status);

        Assert.Equal(SignalOutcome.AlreadyExited, await bus.SendAsync(id, WttSignal.Shutdown));
    }

    [Fact(Timeout = 20_000)]
    public async Task Send_ToAnUnknownProcess_ThrowsUnknownProcess()
    {
        await WttAssert.ThrowsAsync(WttErrorCode.UnknownProcess, async () => await bus.SendAsync(WttProcessId.New(), WttSignal.Shutdown));
    }

    [Fact(Timeout = 20_000)]
    public async Task Send_ToNil_ThrowsInvalidArgument()
    {
        await WttAssert.ThrowsAsync(WttErrorCode.InvalidArgument, async () => await bus.SendAsync(WttProcessId.Nil, WttSignal.Shutdown));
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_ForAnUnknownProcess_ThrowsUnknownProcess()
    {
        await WttAssert.ThrowsAsync(WttErrorCode.UnknownProcess, async () =>
        {
            await foreach (var unused in bus.ReceiveAllAsync(WttProcessId.New()))
            {
            }
        });
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_Cancelled_EndsTheSequence()
    {
        var id = AddProcess();
        using var cts = new CancellationTokenSource();
        var received = new List<WttSignal>();
        var firstArrived = new TaskCompletionSource();
        var loop = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in bus.ReceiveAllAsync(id, cts.Token))
                {
                    received.Add(e);
                    firstArrived.TrySetResult();
                }
            }
            catch (OperationCanceledException)
            {
                // Ending with the caller's cancellation is also an end.
            }
        });

        await bus.SendAsync(id, WttSignal.Create("one"));
        await firstArrived.Task.WaitAsync(TestWait);
        await cts.CancelAsync();
        await loop.WaitAsync(TestWait);

        Assert.Equal("one", Assert.Single(received).Name);
    }

    private WttProcessId AddProcess()
        => table.Add(new ProcessRecord(WttProcessId.New()) { Kind = ProcessKind.WttBased, Status = ProcessStatus.Running }).Id;

    private async Task<List<WttSignal>> ReceiveAsync(WttProcessId id, int count)
    {
        using var cts = new CancellationTokenSource(TestWait);
        var received = new List<WttSignal>(count);
        await foreach (var e in bus.ReceiveAllAsync(id, cts.Token))
        {
            received.Add(e);
            if (received.Count == count)
            {
                break;
            }
        }

        Assert.Equal(count, received.Count);
        return received;
    }
}
