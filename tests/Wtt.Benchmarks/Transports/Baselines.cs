// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;
using StreamJsonRpc;

namespace Wtt.Benchmarks.Transports;

/// <summary>The two baselines: a raw 32-byte TCP ping-pong and a bare StreamJsonRpc echo over TCP loopback.</summary>
internal sealed class Baselines : IAsyncDisposable
{
    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<IDisposable> owned = [];
    private readonly byte[] ping = new byte[32];
    private readonly byte[] pong = new byte[32];
    private NetworkStream? raw;

    public JsonRpc? Echo { get; private set; }

    public static async Task<Baselines> StartAsync()
    {
        var baselines = new Baselines();
        await baselines.InitAsync();
        return baselines;
    }

    public async Task PingPongAsync()
    {
        await raw!.WriteAsync(ping);
        await raw.ReadExactlyAsync(pong);
    }

    public Task<string> EchoAsync(string text) => Echo!.InvokeAsync<string>("echo", text);

    /// <summary>The echo called as Wtt calls: named arguments with a call id, a cancellable ValueTask method.</summary>
    public Task<string> EchoNamedAsync(string text)
        => Echo!.InvokeWithParameterObjectAsync<string>(
            "echoNamed",
            new Dictionary<string, object?> { ["callId"] = Guid.NewGuid(), ["text"] = text },
            new Dictionary<string, Type> { ["callId"] = typeof(Guid), ["text"] = typeof(string) },
            CancellationToken.None);

    /// <summary>Experiment: positional arguments to the same cancellable method.</summary>
    public Task<string> EchoPositionalAsync(string text)
        => Echo!.InvokeWithCancellationAsync<string>("echoNamed", [Guid.NewGuid(), text], [typeof(Guid), typeof(string)], CancellationToken.None);

    /// <summary>Experiment: named arguments to a method without a token.</summary>
    public Task<string> EchoNamedNoTokenAsync(string text)
        => Echo!.InvokeWithParameterObjectAsync<string>(
            "echoNamedNoToken",
            new Dictionary<string, object?> { ["callId"] = Guid.NewGuid(), ["text"] = text },
            new Dictionary<string, Type> { ["callId"] = typeof(Guid), ["text"] = typeof(string) },
            CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        Echo?.Dispose();
        raw?.Dispose();
        foreach (var item in owned)
        {
            item.Dispose();
        }

        listener.Dispose();
        return default;
    }

    private async Task InitAsync()
    {
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        // Raw ping-pong: the server echoes every 32 bytes.
        raw = new NetworkStream(await ConnectAsync(port), ownsSocket: true);
        var pingServer = new NetworkStream(await AcceptAsync(), ownsSocket: true);
        owned.Add(pingServer);
        _ = Task.Run(async () =>
        {
            var buffer = new byte[32];
            try
            {
                while (true)
                {
                    await pingServer.ReadExactlyAsync(buffer);
                    await pingServer.WriteAsync(buffer);
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or EndOfStreamException)
            {
            }
        });

        // Bare StreamJsonRpc echo with the same framing and formatter as Wtt.
        var client = new NetworkStream(await ConnectAsync(port), ownsSocket: true);
        var server = new NetworkStream(await AcceptAsync(), ownsSocket: true);
        var serverRpc = new JsonRpc(new LengthHeaderMessageHandler(server, server, new SystemTextJsonFormatter()));
        serverRpc.AddLocalRpcTarget(new EchoTarget());
        serverRpc.StartListening();
        owned.Add(serverRpc);
        Echo = new JsonRpc(new LengthHeaderMessageHandler(client, client, new SystemTextJsonFormatter()));
        Echo.StartListening();
    }

    private async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    private async Task<Socket> AcceptAsync()
    {
        var socket = await listener.AcceptAsync();
        socket.NoDelay = true;
        return socket;
    }

    private sealed class EchoTarget
    {
        [JsonRpcMethod("echo")]
        public string Echo(string text) => text;

        [JsonRpcMethod("echoNamed")]
        public ValueTask<string> EchoNamed(Guid callId, string text, CancellationToken cancellationToken) => ValueTask.FromResult(text);

        [JsonRpcMethod("echoNamedNoToken")]
        public string EchoNamedNoToken(Guid callId, string text) => text;
    }
}
