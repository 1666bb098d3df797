// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Hosting.Tests.Lab;

/// <summary>A lab of many machines: pending waits share threads, and disposing unmaps every machine's table and closes every agent's listener.</summary>
public sealed class InProcessLabScaleTests
{
    private const int MachineCount = 200;

    [Fact(Timeout = 300_000)]
    public async Task ManyMachinesWithPendingWaits_UseFewThreads_AndDisposeUnmapsTheirTables_AndClosesTheirListeners()
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
        HashSet<string> listeners;
        try
        {
            listeners = ListeningSockets([.. lab.Agents.Values.Select(agent => agent.Address.Port)]);
            Assert.Equal(MachineCount, listeners.Count);
            Assert.Equal(MachineCount, OpenDescriptorsOf(listeners));

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
        Assert.All(lab.Agents.Values, agent => Assert.True(agent.Completion.IsCompleted));
        Assert.Equal(0, OpenDescriptorsOf(listeners));
    }

    private static int ThreadCount() => Directory.GetDirectories("/proc/self/task").Length;

    /// <summary>Gets the socket links (<c>socket:[inode]</c>) of the loopback tcp sockets listening on the ports.</summary>
    private static HashSet<string> ListeningSockets(HashSet<int> ports)
    {
        const string Listen = "0A";
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/self/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var port = Convert.ToInt32(fields[1][(fields[1].IndexOf(':', StringComparison.Ordinal) + 1)..], 16);
            if (fields[3] == Listen && ports.Contains(port))
            {
                _ = sockets.Add($"socket:[{fields[9]}]");
            }
        }

        return sockets;
    }

    /// <summary>Counts this process's descriptors that are one of the sockets (an inode is not reused while open).</summary>
    private static int OpenDescriptorsOf(HashSet<string> sockets) => Directory.GetFiles("/proc/self/fd").Count(fd =>
    {
        try
        {
            return new FileInfo(fd).LinkTarget is { } target && sockets.Contains(target);
        }
        catch (IOException)
        {
            return false; // Closed meanwhile.
        }
    });

    private static int MappingsUnder(string root) => File.ReadLines("/proc/self/maps").Count(line => line.Contains(root, StringComparison.Ordinal));
}
