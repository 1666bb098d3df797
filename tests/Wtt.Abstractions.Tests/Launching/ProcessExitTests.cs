// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Launching;

public sealed class ProcessExitTests
{
    [Fact]
    public void WasSignaled_OnlyWithSignal()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        Assert.False(new ProcessExit(3, at).WasSignaled);
        Assert.True(new ProcessExit(137, at) { Signal = 9 }.WasSignaled);
    }
}
