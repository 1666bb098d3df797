// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Server;

/// <summary>
/// The agent's <c>open</c> has two forms: a call id and a process id (the agent's own machine, run under the connection's
/// token), or those and a machine (run under the call's own token, which <c>$/cancelRequest</c> cancels). Every way of
/// sending its arguments reaches the served client with the machine it named.
/// </summary>
public sealed class OpenOverloadTests
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(10);

    [Theory(Timeout = Timeout)]
    [InlineData("positional, two arguments", "[\"{call}\",\"{id}\"]", null)]
    [InlineData("positional, a machine", "[\"{call}\",\"{id}\",\"lab-2\"]", "lab-2")]
    [InlineData("positional, machine null", "[\"{call}\",\"{id}\",null]", null)]
    [InlineData("named, two arguments", "{\"callId\":\"{call}\",\"id\":\"{id}\"}", null)]
    [InlineData("named, a machine", "{\"callId\":\"{call}\",\"id\":\"{id}\",\"machine\":\"lab-2\"}", "lab-2")]
    [InlineData("named, machine null", "{\"callId\":\"{call}\",\"id\":\"{id}\",\"machine\":null}", null)]
    public async Task Open_EachFormOfItsArguments_ReachesTheServedClientWithItsMachine(string what, string parameters, string? machine)
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        using var raw = await RawRpc.ConnectAsync(agent.Server.Address.Port, AgentHarness.Secret);
        var id = WttProcessId.New();

        await raw.WriteFrameAsync(RawRpc.Request(1, "open", parameters.Replace("{call}", Guid.NewGuid().ToString(), StringComparison.Ordinal).Replace("{id}", id.ToString(), StringComparison.Ordinal)));
        var answer = await raw.ReadFrameAsync(messagePack: false, AnswerLimit);

        Assert.True(answer?["result"] is not null, $"{what}: the agent answered {answer?.ToJsonString() ?? "nothing (closed)"}");
        Assert.Equal(id.ToString(), (string?)answer!["result"]!["id"]);
        Assert.Equal(machine, (string?)answer["result"]!["machine"]);
        Assert.Equal((id, machine), Assert.Single(agent.Fake.Received));
    }
}
