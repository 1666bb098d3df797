// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Wtt.ClientContracts;
using Wtt.Core;
using Wtt.Transports;

namespace Wtt.Integration.Tests.Lab;

/// <summary>Callers an agent in another namespace must refuse: a wrong secret, no secret, another protocol version.</summary>
[Collection(LabCollection.Name)]
public sealed class HandshakeRefusalTests(LabNetwork network)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [SkippableFact(Timeout = 60_000)]
    public async Task Connect_WrongSecretAcrossNamespaces_RefusedWithAuthenticationFailed_AndNothingRuns()
    {
        await using var lab = await LabMachines.StartAsync(network, count: 1);
        var agent = lab["agent1"];
        await using var intruderConnector = LabMachines.NewConnector(lab.Agents, "not-the-lab-secret", TimeSpan.FromSeconds(5));
        await using var intruder = LocalWttMachine.Open(new LocalWttMachineOptions
        {
            TableFolder = Path.Combine(lab.Root, "intruder"),
            Capacity = 64,
            Client = new LocalWttClientOptions { MachineName = "intruder", SelfId = WttProcessId.Nil },
        }, connector: intruderConnector);

        var create = await Assert.ThrowsAsync<WttException>(() => intruder.Client.CreateProcessAsync(TestHelperScript.Spec(ProcessKind.Plain, "agent1", ["sleep", "-1"])).AsTask().WaitAsync(Step));
        Assert.Equal(WttErrorCode.AuthenticationFailed, create.ErrorCode);
        Assert.Contains("secret", create.Message, StringComparison.OrdinalIgnoreCase);

        var anonymous = await Assert.ThrowsAsync<WttException>(() => RemoteWttClient.ConnectAsync(new TcpTransport(), agent.Address, new RemoteWttClientOptions { SharedSecret = null }).AsTask().WaitAsync(Step));
        Assert.Equal(WttErrorCode.AuthenticationFailed, anonymous.ErrorCode);

        // The lab's own caller is still served, and the agent's table holds no process of the intruder's.
        var rows = await (await lab.Connector.GetRemoteAsync("agent1")).GetProcessListAsync();
        Assert.DoesNotContain(rows, r => r.FileName == TestHelperScript.ProgramPath);
        Assert.Empty(intruder.Table.List());
    }

    [SkippableFact(Timeout = 60_000)]
    public async Task Handshake_AnotherProtocolVersion_RefusedWithProtocolMismatch()
    {
        await using var lab = await LabMachines.StartAsync(network, count: 1);
        var agent = lab["agent1"];
        using var timeout = new CancellationTokenSource(Step);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(agent.Link.AgentAddress, LabAgent.Port, timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        var hello = $$"""{"type":"hello","protocol":99,"machine":"old-caller","instance":"{{Guid.NewGuid()}}"}""" + "\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(hello), timeout.Token);
        var (answer, closed) = await ReadLineThenEndAsync(stream, timeout.Token);

        using var json = JsonDocument.Parse(answer);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(nameof(WttErrorCode.ProtocolMismatch), json.RootElement.GetProperty("code").GetString());
        var message = json.RootElement.GetProperty("message").GetString();
        Assert.Contains("99", message, StringComparison.Ordinal);
        Assert.Contains("1", message, StringComparison.Ordinal);
        Assert.True(closed, "the agent kept the connection open after refusing it");

        // The lab's own caller is still served.
        Assert.Equal("agent1", (await lab.Connector.GetRemoteAsync("agent1")).MachineName);
    }

    /// <summary>Reads the one line the agent sends, then reads on to see whether it closes the connection.</summary>
    private static async Task<(string Line, bool Closed)> ReadLineThenEndAsync(Stream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                var text = Encoding.UTF8.GetString([.. received]);
                var newline = text.IndexOf('\n', StringComparison.Ordinal);
                Assert.True(newline >= 0, $"the agent closed without a full line: '{text}'");
                Assert.Equal(text.Length - 1, newline);
                return (text[..newline], true);
            }

            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }
}
