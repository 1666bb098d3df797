// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net;
using System.Net.Sockets;
using StreamJsonRpc;
using Wtt.Transports;
using Wtt.Transports.Protocol;
using Wtt.Transports.Rpc;

namespace Wtt.Benchmarks.Transports;

/// <summary>The two baselines: a raw 32-byte TCP ping-pong and a bare StreamJsonRpc echo over TCP loopback.</summary>
internal sealed class Baselines : IAsyncDisposable
{
    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<IDisposable> owned = [];
    private readonly CallJournal journal = new(1024, folder: null);
    private readonly byte[] ping = new byte[32];
    private readonly byte[] pong = new byte[32];
    private NetworkStream? raw;

    public JsonRpc? Echo { get; private set; }

    public JsonRpc? EchoMessagePack { get; private set; }

    /// <summary>
    /// Gets StreamJsonRpc as Wtt's wire sets it up (its message handler, MessagePack options and JSON-RPC class), serving
    /// one method shaped as the agent's <c>open</c>, with nothing of the agent or the client around it: what the wire
    /// alone costs a call.
    /// </summary>
    public JsonRpc? WireOnly { get; private set; }

    /// <summary>Gets <see cref="WireOnly"/> with a server that does not check each request's envelope before reading it.</summary>
    public JsonRpc? WireUnchecked { get; private set; }

    /// <summary>Gets the same wire serving the agent's own call target (over a served client that answers at once): the wire and the agent, without Wtt's client.</summary>
    public JsonRpc? WireAgent { get; private set; }

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

    /// <summary>The same echo with StreamJsonRpc's MessagePackFormatter, to show what the encoding alone gives.</summary>
    public Task<string> EchoMessagePackAsync(string text) => EchoMessagePack!.InvokeAsync<string>("echo", text);

    /// <summary>Calls the open-shaped method of <see cref="WireOnly"/>, with the arguments typed as the client types them.</summary>
    public Task<WireHandle> WireOnlyOpenAsync(Guid callId, WttProcessId id)
        => WireOnly!.InvokeWithCancellationAsync<WireHandle>("open", [callId, id], [typeof(Guid), typeof(WttProcessId)], CancellationToken.None);

    /// <summary>Calls the agent's <c>open</c> through <see cref="WireAgent"/>, with the arguments typed as the client types them.</summary>
    public Task<WireHandle> WireAgentOpenAsync(Guid callId, WttProcessId id)
        => WireAgent!.InvokeWithCancellationAsync<WireHandle>("open", [callId, id], [typeof(Guid), typeof(WttProcessId)], CancellationToken.None);

    /// <summary>Calls the agent's <c>info</c> through <see cref="WireAgent"/> as the client does for the agent's own machine (by id), whose served client answers at once with a running process's info.</summary>
    public Task<ProcessInfo> WireAgentInfoAsync(Guid callId, WttProcessId id)
        => WireAgent!.InvokeWithCancellationAsync<ProcessInfo>("info", [callId, id], [typeof(Guid), typeof(WttProcessId)], CancellationToken.None);

    /// <summary>Calls the agent's <c>info</c> through <see cref="WireAgent"/> in the form with a machine (null), which takes a token of its own: the form a caller uses for a third machine.</summary>
    public Task<ProcessInfo> WireAgentInfoOnMachineAsync(Guid callId, WttProcessId id)
        => WireAgent!.InvokeWithCancellationAsync<ProcessInfo>("info", [callId, id, null], [typeof(Guid), typeof(WttProcessId), typeof(string)], CancellationToken.None);

    /// <summary>Calls the open-shaped method of <see cref="WireOnly"/> with a machine (null): the form that takes the call's own token.</summary>
    public Task<WireHandle> WireOnlyOpenOnMachineAsync(Guid callId, WttProcessId id)
        => WireOnly!.InvokeWithCancellationAsync<WireHandle>("open", [callId, id, null], [typeof(Guid), typeof(WttProcessId), typeof(string)], CancellationToken.None);

    public Task<WireHandle> WireUncheckedOpenAsync(Guid callId, WttProcessId id)
        => WireUnchecked!.InvokeWithCancellationAsync<WireHandle>("open", [callId, id], [typeof(Guid), typeof(WttProcessId)], CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        WireUnchecked?.Dispose();
        WireAgent?.Dispose();
        WireOnly?.Dispose();
        Echo?.Dispose();
        EchoMessagePack?.Dispose();
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

        // Bare StreamJsonRpc echoes with the same framing as Wtt: JSON (the budgets' baseline) and MessagePack.
        Echo = await StartEchoAsync(port, () => new SystemTextJsonFormatter());
        EchoMessagePack = await StartEchoAsync(port, () => new MessagePackFormatter());
        WireOnly = await StartWireOnlyAsync(port, rpc => rpc.AddLocalRpcTarget(new OpenShapedTarget()));
        WireUnchecked = await StartWireOnlyAsync(port, rpc => rpc.AddLocalRpcTarget(new OpenShapedTarget()), servesRequests: false);
        WireAgent = await StartWireOnlyAsync(port, rpc => new AgentRpcTarget(new EchoWttClient(), journal, Guid.NewGuid(), 256, null, CancellationToken.None, CancellationToken.None).AddTo(rpc));
    }

    private async Task<JsonRpc> StartWireOnlyAsync(int port, Action<WttJsonRpc> addTarget, bool servesRequests = true)
    {
        const int MaxMessageBytes = 16 * 1024 * 1024;
        var client = new NetworkStream(await ConnectAsync(port), ownsSocket: true);
        var server = new NetworkStream(await AcceptAsync(), ownsSocket: true);
        var serverRpc = WttJsonRpc.Create(new WttMessageHandler(server, WttMessagePack.CreateFormatter(), MaxMessageBytes) { ServesRequests = servesRequests }, "client");
        addTarget(serverRpc);
        serverRpc.StartListening();
        owned.Add(serverRpc);
        var rpc = WttJsonRpc.Create(new WttMessageHandler(client, WttMessagePack.CreateFormatter(), MaxMessageBytes), "agent");
        rpc.StartListening();
        return rpc;
    }

    private async Task<JsonRpc> StartEchoAsync(int port, Func<IJsonRpcMessageFormatter> formatter)
    {
        var client = new NetworkStream(await ConnectAsync(port), ownsSocket: true);
        var server = new NetworkStream(await AcceptAsync(), ownsSocket: true);
        var serverRpc = new JsonRpc(new LengthHeaderMessageHandler(server, server, formatter()));
        serverRpc.AddLocalRpcTarget(new EchoTarget());
        serverRpc.StartListening();
        owned.Add(serverRpc);
        var echo = new JsonRpc(new LengthHeaderMessageHandler(client, client, formatter()));
        echo.StartListening();
        return echo;
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
    }

    /// <summary>
    /// The agent's <c>open</c> method's shapes, answering at once: a call id and a process id (no token, as the agent's
    /// own-machine open), or those, a machine and a token.
    /// </summary>
    private sealed class OpenShapedTarget
    {
        [JsonRpcMethod("open")]
        public Task<WireHandle> OpenAsync(Guid callId, WttProcessId id)
            => Task.FromResult(new WireHandle(id));

        [JsonRpcMethod("open")]
        public Task<WireHandle> OpenAsync(Guid callId, WttProcessId id, string? machine, CancellationToken cancellationToken = default)
            => Task.FromResult(new WireHandle(id, machine));
    }
}
