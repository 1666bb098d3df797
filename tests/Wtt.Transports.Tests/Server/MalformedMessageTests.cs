// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MessagePack;
using Wtt.Transports.Handshake;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Server;

/// <summary>
/// What a caller past the handshake can send wrong: the agent answers with a JSON-RPC error or closes that one
/// connection, never runs anything, never hangs, and keeps serving everyone else.
/// </summary>
public sealed class MalformedMessageTests
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(10);

    public static TheoryData<string, bool, byte[]> BadMessages => new()
    {
        { "not JSON", false, Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":") },
        { "JSON but not JSON-RPC", false, Encoding.UTF8.GetBytes("[1,2,3]") },
        { "binary", false, Encoding.UTF8.GetBytes("\u0000\u0001\u0002\u00ff") },
        { "truncated map", true, [0x84, 0xa7, (byte)'j', (byte)'s'] },
        { "an array, not a map", true, [0x93, 0x01, 0x02, 0x03] },
        { "JSON text", true, Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"list\"}") },
        { "a request for a method with arguments of the wrong type", true, MessagePackRequest(1, "list", [42, "not options"]) },
    };

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(BadMessages))]
    public async Task BadMessage_AfterTheHandshake_FailsThatConnectionOrCallOnly_AndRunsNothing(string what, bool messagePack, byte[] body)
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        using (var raw = await ConnectAsync(agent, messagePack ? [WttProtocol.MessagePackFeature] : []))
        {
            await WriteFrameAsync(raw.GetStream(), body);

            var answer = await ReadFrameOrEndAsync(raw.GetStream(), messagePack);

            Assert.True(answer is null || answer["error"] is not null, $"{what}: the agent answered {answer?.ToJsonString()}");
        }

        var client = await agent.ClientAsync();
        Assert.Equal(2, (await client.GetProcessListAsync()).Count);
        Assert.Equal(1, agent.Fake.Calls);
    }

    [Fact(Timeout = Timeout)]
    public async Task MessagePackRequest_OverTheLimit_IsAnsweredWithMessageTooLargeForItsId_AndTheConnectionStaysUsable()
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), server: o => o.MaxMessageBytes = 64 * 1024);
        using var raw = await ConnectAsync(agent, WttProtocol.MessagePackFeature);
        var stream = raw.GetStream();

        await WriteFrameAsync(stream, MessagePackRequest(7, "create", [Guid.NewGuid().ToString(), new string('x', 100_000)]));
        var tooLarge = await ReadFrameOrEndAsync(stream, messagePack: true);
        await WriteFrameAsync(stream, MessagePackRequest(8, "list", [Guid.NewGuid().ToString(), null]));
        var listed = await ReadFrameOrEndAsync(stream, messagePack: true);

        Assert.Equal(7, (int?)tooLarge?["id"]);
        Assert.Equal(WttJsonRpcErrorCodes.ToJsonRpc(WttErrorCode.MessageTooLarge), (int?)tooLarge?["error"]?["code"]);
        Assert.Equal(8, (int?)listed?["id"]);
        Assert.Equal(2, listed?["result"]?.AsArray().Count);
        Assert.Equal(1, agent.Fake.Calls);
    }

    [Fact(Timeout = Timeout)]
    public async Task FrameLongerThanTheLimit_CallerGivesUpInside_ClosesThatConnection_AndTheAgentKeepsServing()
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), server: o => o.MaxMessageBytes = 64 * 1024);
        using (var raw = await ConnectAsync(agent))
        {
            // A caller that announces a gigabyte, sends the start of a request, then gives up.
            var stream = raw.GetStream();
            var header = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(header, 0x3FFF_FFFF);
            await stream.WriteAsync(header);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"list\",\"params\":{\"options\":\"" + new string('x', 4096)));
            raw.Client.Shutdown(SocketShutdown.Send);

            var answer = await ReadFrameOrEndAsync(stream);

            Assert.True(answer is null || answer["error"] is not null, $"the agent answered {answer?.ToJsonString()}");
        }

        var client = await agent.ClientAsync();
        Assert.Equal(2, (await client.GetProcessListAsync()).Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task UnknownMethod_GetsMethodNotFound_AndTheConnectionStaysUsable()
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        using var raw = await ConnectAsync(agent);
        var stream = raw.GetStream();

        await WriteFrameAsync(stream, JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id = 1, method = "formatDisk", @params = new { } }));
        var unknown = await ReadFrameOrEndAsync(stream);
        await WriteFrameAsync(stream, JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id = 2, method = "list", @params = new { callId = Guid.NewGuid(), options = (object?)null } }));
        var listed = await ReadFrameOrEndAsync(stream);

        Assert.Equal(-32601, (int?)unknown?["error"]?["code"]);
        Assert.Equal(2, listed?["result"]?.AsArray().Count);
    }

    [Theory(Timeout = Timeout)]
    [InlineData("{\"fileName\":\"/bin/true\",\"runAs\":{}}")]
    [InlineData("{\"fileName\":\"/bin/true\",\"runAs\":{\"userName\":null}}")]
    [InlineData("{\"fileName\":\"/bin/true\",\"arguments\":[\"a\\u0000b\"]}")]
    [InlineData("{\"fileName\":\"/bin/true\",\"environment\":{\"A=B\":\"1\"}}")]
    [InlineData("{\"fileName\":\"/bin/true\",\"workingDirectory\":\"/tmp\\u0000x\"}")]
    public async Task Create_WithASpecNativeCodeCannotTake_GetsInvalidArgument_StartsNothing_AndTheAgentKeepsServing(string spec)
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        using var raw = await ConnectAsync(agent);
        var stream = raw.GetStream();

        await WriteFrameAsync(stream, Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"create\",\"params\":{{\"callId\":\"{Guid.NewGuid()}\",\"spec\":{spec}}}}}"));
        var refused = await ReadFrameOrEndAsync(stream);
        await WriteFrameAsync(stream, JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id = 2, method = "list", @params = new { callId = Guid.NewGuid(), options = (object?)null } }));
        var listed = await ReadFrameOrEndAsync(stream);

        Assert.Equal(WttJsonRpcErrorCodes.ToJsonRpc(WttErrorCode.InvalidArgument), (int?)refused?["error"]?["code"]);
        Assert.Empty(agent.Fake.Issued);
        Assert.Equal(2, listed?["result"]?.AsArray().Count);
    }

    private static byte[] MessagePackRequest(int id, string method, object?[] arguments)
        => MessagePackSerializer.Serialize(new Dictionary<string, object?> { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = arguments }, MessagePackSerializerOptions.Standard);

    private static async Task<TcpClient> ConnectAsync(AgentHarness agent, params string[] features)
    {
        var raw = new TcpClient { NoDelay = true };
        await raw.ConnectAsync("127.0.0.1", agent.Server.Address.Port);
        var stream = raw.GetStream();
        var instance = Guid.NewGuid();
        await WriteLineAsync(stream, new JsonObject { ["type"] = "hello", ["protocol"] = 1, ["machine"] = "raw", ["instance"] = instance.ToString(), ["features"] = new JsonArray([.. features.Select(f => JsonValue.Create(f))]) });
        var challenge = await ReadLineAsync(stream);
        var proof = HandshakeProof.Compute(AgentHarness.Secret, Convert.FromBase64String((string)challenge["nonce"]!), instance, Guid.Parse((string)challenge["server"]!));
        await WriteLineAsync(stream, new JsonObject { ["type"] = "proof", ["proof"] = Convert.ToBase64String(proof) });
        Assert.Equal("ok", (string?)(await ReadLineAsync(stream))["type"]);
        return raw;
    }

    private static async Task WriteLineAsync(NetworkStream stream, JsonObject message)
        => await stream.WriteAsync(Encoding.UTF8.GetBytes(message.ToJsonString() + "\n"));

    private static async Task<JsonObject> ReadLineAsync(NetworkStream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one).AsTask().WaitAsync(AnswerLimit) == 1 && one[0] != '\n')
        {
            line.Add(one[0]);
        }

        return JsonNode.Parse(line.ToArray())!.AsObject();
    }

    private static async Task WriteFrameAsync(NetworkStream stream, byte[] body)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, body.Length);
        await stream.WriteAsync(header);
        await stream.WriteAsync(body);
    }

    /// <summary>Reads one framed message, or <see langword="null"/> when the agent closes the connection; never waits past the limit.</summary>
    private static async Task<JsonNode?> ReadFrameOrEndAsync(NetworkStream stream, bool messagePack = false)
    {
        var header = new byte[4];
        try
        {
            await stream.ReadExactlyAsync(header).AsTask().WaitAsync(AnswerLimit);
            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header)];
            await stream.ReadExactlyAsync(body).AsTask().WaitAsync(AnswerLimit);
            return JsonNode.Parse(messagePack ? MessagePackSerializer.ConvertToJson(body) : Encoding.UTF8.GetString(body));
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            return null;
        }
    }
}
