// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;

namespace Wtt.Core.Tests.Launching;

public sealed class CgroupPlacementTests
{
    [LinuxFact(Timeout = 30_000)]
    public async Task Schedule_TimerThatFiresBeforeTheConstructorReturns_QueuesTheMove_WithoutThrowing()
    {
        // A fake clock fires a zero delay inside CreateTimer, as a preempted constructor under load lets the real one do:
        // the timer then found no timer to dispose, and the exception in the callback ended the process.
        var time = new FakeTimeProvider();

        var placement = CgroupPlacement.Schedule("/sys/fs/cgroup/wtt-test-no-such-folder", 0, -1, TimeSpan.Zero, time);

        Assert.False(await placement.Done); // no pidfd to move: never placed, but the move ran
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task Schedule_ExitBeforeTheDelay_DropsTheMove()
    {
        var time = new FakeTimeProvider();
        var placement = CgroupPlacement.Schedule("/sys/fs/cgroup/wtt-test-no-such-folder", 0, -1, TimeSpan.FromSeconds(1), time);

        Assert.False(placement.OnExit());
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(await placement.Done);
    }
}
