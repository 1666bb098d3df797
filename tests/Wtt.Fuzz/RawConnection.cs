// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Wtt.Fuzz;

/// <summary>A tcp connection to the agent that the fuzzer writes by hand; it drains whatever the agent answers.</summary>
internal sealed class RawConnection : IDisposable
{
    private readonly TcpClient client = new() { NoDelay = true };
    private Task drain = Task.CompletedTask;
    private NetworkStream? stream;

    public NetworkStream Stream => stream ?? throw new InvalidOperationException("Not connected.");

    public static async Task<RawConnection> ConnectAsync(int port, FuzzTotals totals, CancellationToken cancellationToken)
    {
        var raw = new RawConnection();
        totals.Connection();
        try
        {
            await raw.client.ConnectAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
            raw.stream = raw.client.GetStream();
            return raw;
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    /// <summary>Passes the handshake as docs/protocol.md describes it, computing the proof by hand.</summary>
    public async Task<bool> AuthenticateAsync(string secret, bool messagePack, CancellationToken cancellationToken)
    {
        var instance = Guid.NewGuid();
        var hello = new JsonObject { ["type"] = "hello", ["protocol"] = 1, ["machine"] = "fuzz", ["instance"] = instance.ToString(), ["features"] = messagePack ? new JsonArray("msgpack") : new JsonArray() };
        await Stream.WriteAsync(Encoding.UTF8.GetBytes(hello.ToJsonString() + "\n"), cancellationToken).ConfigureAwait(false);
        var challenge = JsonNode.Parse(await ReadLineAsync(cancellationToken).ConfigureAwait(false))!;
        var nonce = Convert.FromBase64String((string)challenge["nonce"]!);
        var data = nonce.Concat(Encoding.UTF8.GetBytes(instance.ToString())).Concat(Encoding.UTF8.GetBytes(Guid.Parse((string)challenge["server"]!).ToString())).ToArray();
        var proof = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
        await Stream.WriteAsync(Encoding.UTF8.GetBytes(new JsonObject { ["type"] = "proof", ["proof"] = Convert.ToBase64String(proof) }.ToJsonString() + "\n"), cancellationToken).ConfigureAwait(false);
        var ok = JsonNode.Parse(await ReadLineAsync(cancellationToken).ConfigureAwait(false))!;
        return (string?)ok["type"] == "ok";
    }

    /// <summary>Reads and drops all the agent sends, counting frames roughly by reads.</summary>
    public void Drain(FuzzTotals totals)
    {
        var from = Stream;
        drain = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (await from.ReadAsync(buffer).ConfigureAwait(false) > 0)
                {
                    totals.Answer();
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                // The agent or the fuzzer closed the connection.
            }
        });
    }

    public void Dispose()
    {
        client.Dispose();
        drain.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await Stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 1 && one[0] != '\n')
        {
            line.Add(one[0]);
        }

        return Encoding.UTF8.GetString([.. line]);
    }
}
