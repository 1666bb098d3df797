// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using MessagePack;
using Wtt.Transports.Handshake;

namespace Wtt.Transports.Tests.Fakes;

/// <summary>A caller that speaks the wire by hand over tcp loopback: the handshake lines, then raw frames.</summary>
public sealed class RawRpc : IDisposable
{
    private readonly TcpClient client;

    private RawRpc(TcpClient client)
    {
        this.client = client;
        Stream = client.GetStream();
    }

    public NetworkStream Stream { get; }

    /// <summary>Connects and passes the handshake with the secret, asking for <paramref name="features"/>.</summary>
    public static async Task<RawRpc> ConnectAsync(int port, string secret, params string[] features)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        var raw = new RawRpc(client);
        var instance = Guid.NewGuid();
        await raw.WriteLineAsync(new JsonObject { ["type"] = "hello", ["protocol"] = 1, ["machine"] = "raw", ["instance"] = instance.ToString(), ["features"] = new JsonArray([.. features.Select(f => JsonValue.Create(f))]) });
        var challenge = await raw.ReadLineAsync();
        var proof = HandshakeProof.Compute(secret, Convert.FromBase64String((string)challenge["nonce"]!), instance, Guid.Parse((string)challenge["server"]!));
        await raw.WriteLineAsync(new JsonObject { ["type"] = "proof", ["proof"] = Convert.ToBase64String(proof) });
        var ok = await raw.ReadLineAsync();
        if ((string?)ok["type"] != "ok")
        {
            throw new InvalidOperationException($"The handshake failed: {ok.ToJsonString()}");
        }

        return raw;
    }

    /// <summary>Makes the JSON body of a request.</summary>
    /// <param name="id">The request's id.</param>
    /// <param name="method">The method.</param>
    /// <param name="parameters">The parameters as JSON: an array (by position) or an object (by name).</param>
    /// <returns>The UTF-8 bytes, for <see cref="WriteFrameAsync"/>.</returns>
    public static byte[] Request(int id, string method, string parameters)
        => Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{parameters}}}");

    /// <summary>Makes the JSON body of a <c>$/cancelRequest</c> notification for request <paramref name="id"/>.</summary>
    /// <param name="id">The request to cancel.</param>
    /// <returns>The UTF-8 bytes, for <see cref="WriteFrameAsync"/>.</returns>
    public static byte[] CancelRequest(int id)
        => Encoding.UTF8.GetBytes($"{{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{{\"id\":{id}}}}}");

    /// <summary>Frames a message as the wire does: a 4-byte big-endian length, then the body.</summary>
    /// <param name="body">The message's bytes.</param>
    /// <returns>The frame.</returns>
    public static byte[] Frame(byte[] body)
    {
        var frame = new byte[body.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    public async Task WriteFrameAsync(byte[] body) => await Stream.WriteAsync(Frame(body));

    /// <summary>Reads one framed message as JSON (MessagePack converted), or <see langword="null"/> when the agent closes the connection.</summary>
    public async Task<JsonNode?> ReadFrameAsync(bool messagePack, TimeSpan limit)
    {
        var header = new byte[4];
        try
        {
            await Stream.ReadExactlyAsync(header).AsTask().WaitAsync(limit);
            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header)];
            await Stream.ReadExactlyAsync(body).AsTask().WaitAsync(limit);
            return JsonNode.Parse(messagePack ? MessagePackSerializer.ConvertToJson(body) : Encoding.UTF8.GetString(body));
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            return null;
        }
    }

    public void Dispose() => client.Dispose();

    private async Task WriteLineAsync(JsonObject message) => await Stream.WriteAsync(Encoding.UTF8.GetBytes(message.ToJsonString() + "\n"));

    private async Task<JsonObject> ReadLineAsync()
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await Stream.ReadAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) == 1 && one[0] != '\n')
        {
            line.Add(one[0]);
        }

        return JsonNode.Parse(line.ToArray())!.AsObject();
    }
}
