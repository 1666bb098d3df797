// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Sockets;

namespace Wtt.Integration.Tests.Lab;

/// <summary>One agent's network: a namespace joined to the test's by a veth pair, 10.77.N.1 on the test's side and 10.77.N.2 in the namespace.</summary>
/// <param name="Namespace">The network namespace's name.</param>
/// <param name="HostDevice">The veth end in the test's namespace.</param>
/// <param name="AgentDevice">The veth end in the agent's namespace.</param>
/// <param name="Subnet">The third byte of 10.77.N.0/24.</param>
internal sealed record LabLink(string Namespace, string HostDevice, string AgentDevice, int Subnet)
{
    /// <summary>Gets the test side's address.</summary>
    public string HostAddress => $"10.77.{Subnet}.1";

    /// <summary>Gets the agent side's address.</summary>
    public string AgentAddress => $"10.77.{Subnet}.2";

    /// <summary>Gets the subnet in CIDR notation.</summary>
    public string Cidr => $"10.77.{Subnet}.0/24";

    /// <summary>Cuts the cable: the agent's end goes down, so packets between the two sides are dropped silently (no reset, no error).</summary>
    public Task CutAsync() => LabShell.IpAsync("-n", Namespace, "link", "set", AgentDevice, "down");

    /// <summary>Plugs the cable back in, and forgets the neighbours that failed to answer while it was out.</summary>
    public async Task RestoreAsync()
    {
        await LabShell.IpAsync("-n", Namespace, "link", "set", AgentDevice, "up");
        await LabShell.TryRunAsync("ip", "neigh", "flush", "dev", HostDevice);
        await LabShell.TryRunAsync("ip", "-n", Namespace, "neigh", "flush", "dev", AgentDevice);
    }

    /// <summary>Waits until a tcp connection to the agent side's <paramref name="port"/> succeeds: the network carries packets again.</summary>
    public async Task WaitReachableAsync(int port, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                await socket.ConnectAsync(AgentAddress, port, attempt.Token);
                return;
            }
            catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !deadline.IsCancellationRequested))
            {
                // Not yet: the link has just come up.
            }
            catch (OperationCanceledException ex)
            {
                throw new TimeoutException($"{AgentAddress}:{port} did not accept a connection within {timeout.TotalSeconds} s of the link coming back.", ex);
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException ex)
            {
                throw new TimeoutException($"{AgentAddress}:{port} did not accept a connection within {timeout.TotalSeconds} s of the link coming back.", ex);
            }
        }
    }
}
