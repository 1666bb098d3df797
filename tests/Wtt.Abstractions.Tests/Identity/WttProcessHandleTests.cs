// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Identity;

public sealed class WttProcessHandleTests
{
    [Fact]
    public void Constructor_NilId_ThrowsInvalidArgument()
    {
        var ex = Assert.Throws<WttException>(() => new WttProcessHandle(WttProcessId.Nil));

        Assert.Equal(WttErrorCode.InvalidArgument, ex.ErrorCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Constructor_NoMachine_MeansThisMachine(string? machine)
        => Assert.Null(new WttProcessHandle(WttProcessId.New(), machine).Machine);

    [Fact]
    public void Equals_SameIdAndMachineIgnoringCase_IsEqual()
    {
        var id = WttProcessId.New();
        var a = new WttProcessHandle(id, "lab-01");
        var b = new WttProcessHandle(id, "LAB-01");

        Assert.Equal(a, b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_OtherMachine_IsNotEqual()
    {
        var id = WttProcessId.New();

        Assert.NotEqual(new WttProcessHandle(id, "lab-01"), new WttProcessHandle(id, "lab-02"));
        Assert.NotEqual(new WttProcessHandle(id), new WttProcessHandle(id, "lab-02"));
    }

    [Fact]
    public void Equals_OtherIdOrNull_IsNotEqual()
    {
        var a = new WttProcessHandle(WttProcessId.New());

        Assert.NotEqual(a, new WttProcessHandle(WttProcessId.New()));
        Assert.False(a.Equals(null));
        Assert.False(a.Equals((object?)"text"));
    }

    [Fact]
    public void ToString_WithAndWithoutMachine()
    {
        var id = WttProcessId.New();

        Assert.Equal(id.ToString(), new WttProcessHandle(id).ToString());
        Assert.Equal($"{id}@lab-01", new WttProcessHandle(id, "lab-01").ToString());
    }

    [Fact(Timeout = 5000)]
    public async Task DisposeAsync_Once_FiresClosedAndCallsOnClose()
    {
        WttProcessHandle? closedWith = null;
        var handle = new WttProcessHandle(WttProcessId.New(), onClose: h =>
        {
            closedWith = h;
            return ValueTask.CompletedTask;
        });
        var fired = new TaskCompletionSource();
        using var registration = handle.Closed.Register(fired.SetResult);
        Assert.False(handle.IsClosed);
        Assert.False(handle.Closed.IsCancellationRequested);

        await handle.DisposeAsync();

        await fired.Task;
        Assert.True(handle.IsClosed);
        Assert.True(handle.Closed.IsCancellationRequested);
        Assert.Same(handle, closedWith);
    }

    [Fact(Timeout = 5000)]
    public async Task Closed_FirstReadAfterDispose_IsAlreadyCancelled()
    {
        var handle = new WttProcessHandle(WttProcessId.New());

        await handle.DisposeAsync();

        Assert.True(handle.Closed.IsCancellationRequested);
    }

    [Fact(Timeout = 10_000)]
    public async Task Closed_ReadWhileDisposing_IsAlwaysCancelledOnceDisposed()
    {
        for (var i = 0; i < 2000; i++)
        {
            var handle = new WttProcessHandle(WttProcessId.New());
            using var start = new Barrier(2);
            var reader = Task.Run(() =>
            {
                start.SignalAndWait();
                return handle.Closed;
            });
            start.SignalAndWait();
            await handle.DisposeAsync();

            Assert.True((await reader).IsCancellationRequested, $"round {i}: a token read during the dispose was never cancelled");
        }
    }

    [Fact(Timeout = 5000)]
    public async Task DisposeAsync_Twice_CallsOnCloseOnce()
    {
        var calls = 0;
        var handle = new WttProcessHandle(WttProcessId.New(), onClose: _ =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.CompletedTask;
        });

        await handle.DisposeAsync();
        await handle.DisposeAsync();

        Assert.Equal(1, calls);
        Assert.True(handle.IsClosed);
    }

    [Fact(Timeout = 5000)]
    public async Task DisposeAsync_Concurrently_CallsOnCloseOnce()
    {
        var calls = 0;
        var handle = new WttProcessHandle(WttProcessId.New(), onClose: async _ =>
        {
            Interlocked.Increment(ref calls);
            await Task.Yield();
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await handle.DisposeAsync())));

        Assert.Equal(1, calls);
    }

    [Fact(Timeout = 5000)]
    public async Task DisposeAsync_NoOnClose_Closes()
    {
        var handle = new WttProcessHandle(WttProcessId.New());

        await handle.DisposeAsync();

        Assert.True(handle.IsClosed);
    }
}
