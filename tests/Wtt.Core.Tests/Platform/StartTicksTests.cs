// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using Wtt.Core.Platform;
using Wtt.Core.Tests.Launching;

namespace Wtt.Core.Tests.Platform;

public sealed class StartTicksTests
{
    private const long Margin = 50_000;

    [LinuxFact(Timeout = 60_000)]
    public async Task TryBetween_ClockReadAroundProcessStarts_GivesTheStartTimeProcShows()
    {
        var told = 0;
        for (var i = 0; i < 40; i++)
        {
            var before = StartTicks.Now();
            using var process = Process.Start(new ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
            var after = StartTicks.Now();
            try
            {
                if (StartTicks.TryBetween(before, after, out var ticks))
                {
                    told++;
                    Assert.Equal(ProcFacts.Stat(process.Id).StartTime, ticks);
                }
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        // A start takes about half a millisecond of the 10 ms of a tick: nearly every one is told.
        Assert.True(told > 0, "no start fell within one tick");
    }

    [LinuxFact]
    public void TryBetween_ReadingsInOneTick_GiveThatTick()
    {
        var tick = StartTicks.NanosecondsPerTick;
        Assert.True(tick > 0);

        Assert.True(StartTicks.TryBetween((1234 * tick) + Margin, ((1234 + 1) * tick) - Margin - 1, out var ticks));

        Assert.Equal(1234, ticks);
    }

    [LinuxFact]
    public void TryBetween_ReadingsNearOrAcrossATickBoundary_Refuse()
    {
        var tick = StartTicks.NanosecondsPerTick;
        var boundary = 5678 * tick;

        Assert.False(StartTicks.TryBetween(boundary - 1000, boundary + 1000, out _)); // across it
        Assert.False(StartTicks.TryBetween(boundary + Margin - 1, boundary + (tick / 2), out _)); // just after it
        Assert.False(StartTicks.TryBetween(boundary + (tick / 2), boundary + tick - Margin, out _)); // just before the next
        Assert.True(StartTicks.TryBetween(boundary + Margin, boundary + tick - Margin - 1, out var ticks)); // between
        Assert.Equal(5678, ticks);
    }

    [LinuxFact]
    public void TryBetween_ReadingsNotTakenOrOutOfOrder_Refuse()
    {
        Assert.False(StartTicks.TryBetween(-1, -1, out _)); // the clock could not be read
        Assert.False(StartTicks.TryBetween(-1, 1_000_000_000, out _));
        Assert.False(StartTicks.TryBetween(2_000_000_000, 1_000_000_000, out _)); // the second before the first
    }
}
