// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using MessagePack;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Server;

/// <summary>
/// The standard JSON-RPC errors a caller past the handshake gets for what it sends wrong, as raw bytes over tcp loopback:
/// the exact code and id, no .NET type or stack in the error, and the same connection serves the next good call.
/// </summary>
public sealed class JsonRpcErrorTests
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(10);
    private static readonly string CallId = Guid.NewGuid().ToString();

    /// <summary>JSON frames: what, body, expected code, expected id (<see langword="null"/> for a JSON null).</summary>
    public static TheoryData<string, string, int, object?> JsonCases => new()
    {
        { "unparsable JSON", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", -32700, null },
        { "trailing bytes after the value", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"list\",\"params\":[\"" + CallId + "\",null]} x", -32700, null },
        { "NUL bytes", "\0\0\0", -32700, null },
        { "invalid UTF-8", "{\"jsonrpc\":\"2.0\",\"id\":\"\xff\xfe\",\"method\":\"list\"}", -32700, null },
        { "nesting deeper than 64", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"list\",\"params\":" + new string('[', 100) + new string(']', 100) + "}", -32700, null },
        { "an array (batch)", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"list\"}]", -32600, null },
        { "a number", "42", -32600, null },
        { "an empty object", "{}", -32600, null },
        { "jsonrpc 1.0", "{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"list\",\"params\":[\"" + CallId + "\",null]}", -32600, 4L },
        { "jsonrpc missing", "{\"id\":5,\"method\":\"list\",\"params\":[\"" + CallId + "\",null]}", -32600, 5L },
        { "jsonrpc a number", "{\"jsonrpc\":2.0,\"id\":\"six\",\"method\":\"list\",\"params\":[\"" + CallId + "\",null]}", -32600, "six" },
        { "an id that is an object", "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"list\",\"params\":[\"" + CallId + "\",null]}", -32600, null },
        { "an id that is a fraction", "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"list\",\"params\":[\"" + CallId + "\",null]}", -32600, null },
        { "an id that is true", "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"list\",\"params\":[\"" + CallId + "\",null]}", -32600, null },
        { "a method that is a number", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":1,\"params\":[]}", -32600, 7L },
        { "params that are a string", "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"list\",\"params\":\"bar\"}", -32600, 8L },
        { "a response, not a request", "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":1}", -32600, null },
        { "an unknown method", "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"formatDisk\",\"params\":{}}", -32601, 10L },
        { "a malformed call id", "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"list\",\"params\":[\"not-a-uuid\",null]}", -32602, 11L },
        { "options of the wrong type", "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"list\",\"params\":{\"callId\":\"" + CallId + "\",\"options\":42}}", -32602, 12L },
        { "a handle of the wrong type", "{\"jsonrpc\":\"2.0\",\"id\":\"13\",\"method\":\"info\",\"params\":[\"" + CallId + "\",[1,2]]}", -32602, "13" },
    };

    /// <summary>MessagePack frames: what, body, expected code, expected id.</summary>
    public static TheoryData<string, byte[], int, object?> MessagePackCases => new()
    {
        { "a truncated map", [0x84, 0xa7, (byte)'j', (byte)'s'], -32700, null },
        { "a never-defined type byte", [0xc1], -32700, null },
        { "trailing bytes after the map", [.. Request(1, "list", [CallId, null]), 0x01], -32700, null },
        { "nesting deeper than 64", NestedParams(100_000), -32700, null },
        { "an array, not a map", [0x93, 0x01, 0x02, 0x03], -32600, null },
        { "jsonrpc 1.0", Encode(Map(("jsonrpc", "1.0"), ("id", 4), ("method", "list"), ("params", new object?[] { CallId, null }))), -32600, 4L },
        { "jsonrpc missing", Encode(Map(("id", 5), ("method", "list"), ("params", new object?[] { CallId, null }))), -32600, 5L },
        { "an id that is a map", Encode(Map(("jsonrpc", "2.0"), ("id", new Dictionary<string, int> { ["a"] = 1 }), ("method", "list"), ("params", new object?[] { CallId, null }))), -32600, null },
        { "a method that is a number", Encode(Map(("jsonrpc", "2.0"), ("id", 7), ("method", 1), ("params", Array.Empty<object>()))), -32600, 7L },
        { "an unknown method", Request(10, "formatDisk", []), -32601, 10L },
        { "a malformed call id", Request(11, "list", ["not-a-uuid", null]), -32602, 11L },
        { "arguments of the wrong type", Request(12, "list", [42, "not options"]), -32602, 12L },
    };

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(JsonCases))]
    public async Task JsonFrame_GetsTheStandardError_AndTheConnectionGoesOn(string what, string body, int code, object? id)
        => await AssertAnsweredAsync(what, Encoding.Latin1.GetBytes(body), code, id, messagePack: false);

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(MessagePackCases))]
    public async Task MessagePackFrame_GetsTheStandardError_AndTheConnectionGoesOn(string what, byte[] body, int code, object? id)
        => await AssertAnsweredAsync(what, body, code, id, messagePack: true);

    [Theory(Timeout = Timeout)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public async Task FrameLengthTheFramingCannotUse_GetsAParseError_ThenTheConnectionCloses(int length)
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        using var raw = await RawRpc.ConnectAsync(agent.Server.Address.Port, AgentHarness.Secret);
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, length);
        await raw.Stream.WriteAsync(header);

        var answer = await raw.ReadFrameAsync(messagePack: false, AnswerLimit);
        var after = await raw.ReadFrameAsync(messagePack: false, AnswerLimit);

        Assert.Equal(-32700, (int?)answer?["error"]?["code"]);
        Assert.Equal(JsonValueKind(null), JsonValueKind(answer?["id"]));
        Assert.Null(after);
        Assert.Equal(0, agent.Fake.Calls);
    }

    [Fact(Timeout = Timeout)]
    public async Task OversizeFrameWithoutAnId_GetsMessageTooLargeWithIdNull_AndTheConnectionGoesOn()
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), server: o => o.MaxMessageBytes = 64 * 1024);
        using var raw = await RawRpc.ConnectAsync(agent.Server.Address.Port, AgentHarness.Secret);

        await raw.WriteFrameAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"list\",\"params\":[\"" + new string('x', 100_000) + "\"]}"));
        var answer = await raw.ReadFrameAsync(messagePack: false, AnswerLimit);

        Assert.Equal(WttJsonRpcErrorCodes.ToJsonRpc(WttErrorCode.MessageTooLarge), (int?)answer?["error"]?["code"]);
        Assert.Null(answer?["id"]);
        await AssertGoodCallAsync(raw, messagePack: false);
    }

    private static async Task AssertAnsweredAsync(string what, byte[] body, int code, object? id, bool messagePack)
    {
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"));
        using var raw = await RawRpc.ConnectAsync(agent.Server.Address.Port, AgentHarness.Secret, messagePack ? [WttProtocol.MessagePackFeature] : []);

        await raw.WriteFrameAsync(body);
        var read = await raw.ReadFrameAsync(messagePack, AnswerLimit);

        Assert.True(read?["error"] is not null, $"{what}: the agent answered {read?.ToJsonString() ?? "nothing (closed)"}");
        var answer = read!;
        Assert.Equal(code, (int?)answer["error"]!["code"]);
        Assert.True(answer.AsObject().ContainsKey("id"), $"{what}: no id in {answer.ToJsonString()}");
        Assert.Equal(id?.ToString(), answer["id"]?.ToString());
        var error = answer["error"]!.ToJsonString();
        Assert.Null(answer["error"]!["data"]);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
        await AssertGoodCallAsync(raw, messagePack);
        Assert.Equal(1, agent.Fake.Calls);
    }

    private static async Task AssertGoodCallAsync(RawRpc raw, bool messagePack)
    {
        await raw.WriteFrameAsync(messagePack
            ? Request(100, "list", [Guid.NewGuid().ToString(), null])
            : Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":100,\"method\":\"list\",\"params\":[\"" + Guid.NewGuid() + "\",null]}"));
        var listed = await raw.ReadFrameAsync(messagePack, AnswerLimit);
        Assert.Equal(100, (int?)listed?["id"]);
        Assert.Equal(2, listed?["result"]?.AsArray().Count);
    }

    private static string JsonValueKind(JsonNode? node) => node?.GetValueKind().ToString() ?? "Null";

    private static byte[] Request(int id, string method, object?[] arguments)
        => Encode(Map(("jsonrpc", "2.0"), ("id", id), ("method", method), ("params", arguments)));

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    private static byte[] Encode(Dictionary<string, object?> map) => MessagePackSerializer.Serialize(map, MessagePackSerializerOptions.Standard);

    /// <summary>A request whose "params" holds arrays nested <paramref name="depth"/> deep.</summary>
    private static byte[] NestedParams(int depth)
    {
        var head = Encode(Map(("jsonrpc", "2.0"), ("id", 2), ("method", "list")));
        head[0] = 0x84;
        var nest = new byte[depth + 8];
        nest[0] = 0xa6;
        "params"u8.CopyTo(nest.AsSpan(1));
        nest.AsSpan(7, depth).Fill(0x91);
        nest[^1] = 0xc0;
        return [.. head, .. nest];
    }
}
