// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Tests.Contracts;

namespace Wtt.Core.Tests.Child;

/// <content>Events: handlers, order, shutdown, events held until their handler, drops.</content>
public sealed partial class WttProcessContextTests
{
    [Fact(Timeout = 10_000)]
    public async Task OnEvent_RunsHandlersOneAtATimeInOrder()
    {
        const int Count = 50;
        var seen = new List<int>();
        var running = 0;
        var overlapped = false;
        var done = new TaskCompletionSource();
        using var registration = context.OnEvent("work", async (e, _) =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            await Task.Yield();
            seen.Add(int.Parse(e.PayloadText(), System.Globalization.CultureInfo.InvariantCulture));
            Interlocked.Decrement(ref running);
            if (seen.Count == Count)
            {
                done.TrySetResult();
            }
        });

        for (var i = 0; i < Count; i++)
        {
            await bus.SendAsync(id, WttSignal.Create("work", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await done.Task.WaitAsync(TestWait);
        Assert.False(overlapped);
        Assert.Equal(Enumerable.Range(0, Count), seen);
    }

    [Fact(Timeout = 10_000)]
    public async Task Shutdown_CancelsTheTokenAndRunsShutdownHandlers()
    {
        var handled = new TaskCompletionSource<bool>();
        using var registration = context.OnEvent(WttSignal.Shutdown.Name, (_, token) =>
        {
            handled.TrySetResult(token.IsCancellationRequested);
            return ValueTask.CompletedTask;
        });
        var cancelled = new TaskCompletionSource();
        context.ShutdownToken.Register(() => cancelled.TrySetResult());

        Assert.Equal(SignalOutcome.Delivered, await bus.SendAsync(id, WttSignal.Shutdown));

        await cancelled.Task.WaitAsync(TestWait);
        Assert.True(await handled.Task.WaitAsync(TestWait));
        Assert.Equal(0, context.DroppedEventCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task Shutdown_HandlerWhoseRegistrationTheCancelledTokenDisposes_StillRuns_AndDisposeWaitsForIt()
    {
        // A program's main loop ends on the token and leaves the scope of its Shutdown registration before the
        // handler's turn; the handler was registered when Shutdown arrived, so it runs, and the detach waits for it.
        var release = new TaskCompletionSource();
        var finished = false;
        var registration = context.OnEvent(WttSignal.Shutdown.Name, async (_, _) =>
        {
            await release.Task;
            finished = true;
        });
        var cancelled = new TaskCompletionSource();
        context.ShutdownToken.Register(() =>
        {
            registration.Dispose();
            cancelled.TrySetResult();
        });

        await bus.SendAsync(id, WttSignal.Shutdown);
        await cancelled.Task.WaitAsync(TestWait);

        var disposing = context.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        release.SetResult();
        await disposing.WaitAsync(TestWait);
        Assert.True(finished);
        Assert.Equal(0, context.DroppedEventCount);
        Assert.Equal(1, context.ProcessedEventCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task Shutdown_WithoutHandlers_CancelsTheTokenAndIsNotDropped()
    {
        var cancelled = new TaskCompletionSource();
        context.ShutdownToken.Register(() => cancelled.TrySetResult());

        await bus.SendAsync(id, WttSignal.Shutdown);

        await cancelled.Task.WaitAsync(TestWait);
        Assert.Equal(0, context.DroppedEventCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task EventsBeforeTheirHandler_AreHeld_ThenDeliveredInOrderBeforeLaterOnes()
    {
        var seen = new List<string>();
        var done = new TaskCompletionSource();
        for (var i = 0; i < 3; i++)
        {
            await bus.SendAsync(id, WttSignal.Create("early", "e" + i));
        }

        await SyncWithTheLoopAsync();
        Assert.Equal(3, context.HeldEventCount);
        using var registration = context.OnEvent("early", (e, _) =>
        {
            seen.Add(e.PayloadText());
            if (seen.Count == 4)
            {
                done.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });
        await bus.SendAsync(id, WttSignal.Create("early", "e3"));

        await done.Task.WaitAsync(TestWait);
        Assert.Equal(["e0", "e1", "e2", "e3"], seen);
        Assert.Equal(0, context.HeldEventCount);
        Assert.Equal(0, context.DroppedEventCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task HeldEvents_AreNotDeliveredOnTheThreadThatRegistersTheirHandler()
    {
        // The loop may run on the thread that feeds it; OnEvent must still return before a held event's handler runs.
        await bus.SendAsync(id, WttSignal.Create("early"));
        await SyncWithTheLoopAsync();
        Assert.Equal(1, context.HeldEventCount);
        using var registered = new ManualResetEventSlim();
        var handled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = context.OnEvent("early", (_, _) =>
        {
            handled.TrySetResult(registered.Wait(TimeSpan.FromSeconds(4)));
            return ValueTask.CompletedTask;
        });
        registered.Set();

        Assert.True(await handled.Task.WaitAsync(TestWait), "the held event's handler ran inside OnEvent, on its caller's thread");
    }

    [Fact(Timeout = 10_000)]
    public async Task EventsPastTheHoldLimit_AreDroppedAndCounted()
    {
        var dropped = new TaskCompletionSource<WttSignal>();
        context.EventDropped += (_, e) => dropped.TrySetResult(e);

        for (var i = 0; i <= WttProcessContext.MaxHeldEvents; i++)
        {
            await bus.SendAsync(id, WttSignal.Create("nobody-listens", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var first = await dropped.Task.WaitAsync(TestWait);
        Assert.Equal(WttProcessContext.MaxHeldEvents.ToString(System.Globalization.CultureInfo.InvariantCulture), first.PayloadText());
        Assert.Equal(1, context.DroppedEventCount);
        Assert.Equal(WttProcessContext.MaxHeldEvents, context.HeldEventCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task DisposedRegistration_NoLongerHandles_TheEventIsHeldForTheNext()
    {
        var calls = 0;
        var registration = context.OnEvent("ping", (_, _) =>
        {
            calls++;
            return ValueTask.CompletedTask;
        });
        registration.Dispose();

        await bus.SendAsync(id, WttSignal.Create("ping"));
        await SyncWithTheLoopAsync();

        Assert.Equal(0, calls);
        Assert.Equal(1, context.HeldEventCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task FailingHandler_IsReportedAndTheLoopGoesOn()
    {
        var failed = new TaskCompletionSource<Exception>();
        var second = new TaskCompletionSource();
        context.HandlerFailed += (_, e) => failed.TrySetResult(e);
        using var bad = context.OnEvent("bad", (_, _) => throw new InvalidOperationException("boom"));
        using var good = context.OnEvent("good", (_, _) =>
        {
            second.TrySetResult();
            return ValueTask.CompletedTask;
        });

        await bus.SendAsync(id, WttSignal.Create("bad"));
        await bus.SendAsync(id, WttSignal.Create("good"));

        Assert.Equal("boom", (await failed.Task.WaitAsync(TestWait)).Message);
        await second.Task.WaitAsync(TestWait);
    }

    [Fact]
    public void OnEvent_EmptyName_ThrowsInvalidArgument()
    {
        WttAssert.Throws(WttErrorCode.InvalidArgument, () => context.OnEvent("", (_, _) => ValueTask.CompletedTask));
    }

    /// <summary>Sends an event with a handler and waits for it: the loop has then dealt with everything sent before.</summary>
    private async Task SyncWithTheLoopAsync()
    {
        var reached = new TaskCompletionSource();
        using var registration = context.OnEvent("sync", (_, _) =>
        {
            reached.TrySetResult();
            return ValueTask.CompletedTask;
        });
        await bus.SendAsync(id, WttSignal.Create("sync"));
        await reached.Task.WaitAsync(TestWait);
    }
}
