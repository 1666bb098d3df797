// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Hosting.Tests.Lab;

/// <summary>A lab of many machines: pending waits share threads, and disposing unmaps every machine's table.</summary>
public sealed class InProcessLabScaleTests
{
    private const int MachineCount = 200;

    [Fact(Timeout = 300_000)]
    public async Task ManyMachinesWithPendingWaits_UseFewThreads_AndDisposeUnmapsTheirTables()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var options = new InProcessLabOptions { Capacity = 16 };
        for (var i = 0; i < MachineCount; i++)
        {
            options.Machines.Add("m" + i);
        }

        var lab = await InProcessLab.StartAsync(options);
        List<Task<long>> waits;
        try
        {
            var threadsBefore = ThreadCount();
            waits = [.. lab.Machines.Values.Select(m => m.Table.WaitForChangeAsync(m.Table.ChangeCounter, Timeout.InfiniteTimeSpan).AsTask())];

            // A thread per table would add 200; shared watch threads add 2 (127 tables a thread). The slack is for
            // threads that other tests of this process start meanwhile.
            Assert.InRange(ThreadCount() - threadsBefore, int.MinValue, MachineCount / 4);
            Assert.True(MappingsUnder(lab.Root) >= MachineCount);
        }
        finally
        {
            await lab.DisposeAsync();
        }

        foreach (var wait in waits)
        {
            var error = await Assert.ThrowsAsync<WttException>(() => wait);
            Assert.Equal(WttErrorCode.Closed, error.ErrorCode);
        }

        Assert.Equal(0, MappingsUnder(lab.Root));
    }

    private static int ThreadCount() => Directory.GetDirectories("/proc/self/task").Length;

    private static int MappingsUnder(string root) => File.ReadLines("/proc/self/maps").Count(line => line.Contains(root, StringComparison.Ordinal));
}
