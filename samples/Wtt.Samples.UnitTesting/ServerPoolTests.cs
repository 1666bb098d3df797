// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;
using Wtt.Core;

namespace Wtt.Samples.UnitTesting;

/// <summary>Unit tests of <see cref="ServerPool"/>: no process starts, no socket opens, time moves only when the test says.</summary>
public sealed class ServerPoolTests
{
    [Fact(Timeout = 20_000)]
    public async Task StartAsync_ServerThatHangsBeforeInitialising_IsReplaced()
    {
        var time = new FakeTimeProvider();
        await using var wtt = new InMemoryWttMachine(time);
        var starts = 0;
        wtt.Launcher.ProcessStarted += (_, process) =>
        {
            var self = wtt.Attach(process);
            if (Interlocked.Increment(ref starts) == 2)
            {
                // The second server hangs before it initialises: its only thread stops beating.
                self.RegisterThread("main", TimeSpan.FromSeconds(1));
                return;
            }

            _ = self.ReportInitializedAsync().AsTask();
        };

        var starting = new ServerPool(wtt.Client, "/opt/lab/server").StartAsync(count: 2, attempts: 1);
        while (!starting.IsCompleted)
        {
            // The hung server's heartbeat ages with the fake clock until its 10 s debug timeout passes.
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        var servers = await starting;
        Assert.Equal(3, wtt.Launcher.Started.Count);
        Assert.Equal(ProcessStatus.Terminated, (await wtt.Client.GetProcessInfoAsync(new WttProcessHandle(wtt.Launcher.Started[1].Id))).Status);
        Assert.All(servers, s => Assert.NotEqual(wtt.Launcher.Started[1].Id, s.Id));
    }
}
