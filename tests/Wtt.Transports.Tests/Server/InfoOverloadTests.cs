// Copyright (c) Wtt developers. Licensed under the MIT license.

using MessagePack;
using Wtt.Transports.Protocol;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Server;

/// <summary>
/// The agent's <c>info</c> has three forms: a call id and a process id (the agent's own machine, run under the connection's
/// token), those and a machine, or a call id and a handle (both run under the call's own token). Every way of sending its
/// arguments, in either encoding (in MessagePack with UUIDs as 16 bytes or as strings), reaches the served client with the
/// process and the machine it named.
/// </summary>
public sealed class InfoOverloadTests
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(10);

    [Theory(Timeout = Timeout)]
    [InlineData("positional, an id", "[\"{call}\",\"{id}\"]", null)]
    [InlineData("positional, a machine", "[\"{call}\",\"{id}\",\"lab-2\"]", "lab-2")]
    [InlineData("positional, machine null", "[\"{call}\",\"{id}\",null]", null)]
    [InlineData("positional, a handle", "[\"{call}\",{\"id\":\"{id}\",\"machine\":null}]", null)]
    [InlineData("positional, a handle with a machine", "[\"{call}\",{\"id\":\"{id}\",\"machine\":\"lab-2\"}]", "lab-2")]
    [InlineData("named, an id", "{\"callId\":\"{call}\",\"id\":\"{id}\"}", null)]
    [InlineData("named, a machine", "{\"callId\":\"{call}\",\"id\":\"{id}\",\"machine\":\"lab-2\"}", "lab-2")]
    [InlineData("named, a handle", "{\"callId\":\"{call}\",\"process\":{\"id\":\"{id}\"}}", null)]
    [InlineData("named, a handle with a machine", "{\"callId\":\"{call}\",\"process\":{\"id\":\"{id}\",\"machine\":\"lab-2\"}}", "lab-2")]
    public async Task Info_EachFormOfItsArgumentsInJson_ReachesTheServedClientWithItsMachine(string what, string parameters, string? machine)
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        using var raw = await RawRpc.ConnectAsync(agent.Server.Address.Port, AgentHarness.Secret);
        var id = WttProcessId.New();

        var body = parameters.Replace("{call}", Guid.NewGuid().ToString(), StringComparison.Ordinal).Replace("{id}", id.ToString(), StringComparison.Ordinal);
        await raw.WriteFrameAsync(RawRpc.Request(1, "info", body));
        var answer = await raw.ReadFrameAsync(messagePack: false, AnswerLimit);

        Assert.True(answer?["result"] is not null, $"{what}: the agent answered {answer?.ToJsonString() ?? "nothing (closed)"}");
        Assert.Equal(id.ToString(), (string?)answer!["result"]!["id"]);
        var received = Assert.IsType<WttProcessHandle>(Assert.Single(agent.Fake.Received));
        Assert.Equal((id, machine), (received.Id, received.Machine));
    }

    [Theory(Timeout = Timeout)]
    [InlineData("an id", false, null, false)]
    [InlineData("an id and a machine", false, "lab-2", false)]
    [InlineData("a handle", true, null, false)]
    [InlineData("a handle with a machine", true, "lab-2", false)]
    [InlineData("an id, UUIDs as strings", false, null, true)]
    [InlineData("an id and a machine, UUIDs as strings", false, "lab-2", true)]
    [InlineData("a handle, UUIDs as strings", true, null, true)]
    public async Task Info_EachFormOfItsArgumentsInMessagePack_ReachesTheServedClientWithItsMachine(string what, bool asHandle, string? machine, bool uuidsAsStrings)
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        using var raw = await RawRpc.ConnectAsync(agent.Server.Address.Port, AgentHarness.Secret, WttProtocol.MessagePackFeature);
        var id = WttProcessId.New();
        object callId = uuidsAsStrings ? Guid.NewGuid().ToString() : Guid.NewGuid();
        object processId = uuidsAsStrings ? id.ToString() : id;
        object handle = uuidsAsStrings ? new Dictionary<string, object?> { ["Id"] = processId, ["Machine"] = machine } : new WireHandle(id, machine);
        object?[] arguments = asHandle ? [callId, handle] : machine is null ? [callId, processId] : [callId, processId, machine];

        var request = new Dictionary<string, object?> { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "info", ["params"] = arguments };
        await raw.WriteFrameAsync(MessagePackSerializer.Serialize(request, WttMessagePack.Options));
        var answer = await raw.ReadFrameAsync(messagePack: true, AnswerLimit);

        Assert.True(answer?["result"] is not null, $"{what}: the agent answered {answer?.ToJsonString() ?? "nothing (closed)"}");
        var received = Assert.IsType<WttProcessHandle>(Assert.Single(agent.Fake.Received));
        Assert.Equal((id, machine), (received.Id, received.Machine));
    }
}
