// Copyright (c) Wtt developers. Licensed under the MIT license.

using Nerdbank.Streams;
using Wtt.Transports.Handshake;
using Wtt.Transports.Rpc;

namespace Wtt.Transports;

/// <summary>
/// An <see cref="IWttClient"/> whose calls run on a remote agent, over one connection. Results name the agent's
/// machine where the agent left the machine empty, so they read as they would locally.
/// </summary>
/// <remarks>
/// Thread-safe; calls may overlap. When the connection is lost, pending and later calls fail with
/// <see cref="WttErrorCode.MachineUnreachable"/> (or <see cref="WttErrorCode.AgentRestarted"/> when a
/// <see cref="MachineConnector"/> finds the agent restarted); <see cref="MachineConnector"/> reconnects on the next call.
/// </remarks>
public sealed partial class RemoteWttClient : IWttClient, IAsyncDisposable
{
    private readonly Stream stream;
    private readonly WttJsonRpc rpc;
    private readonly ClientHandshakeResult handshake;
    private readonly MultiplexingStream? mux;
    private readonly int maxMessageBytes;
    private StreamsLink? streams;
    private int disposed;
    private int retired;

    private RemoteWttClient(Stream stream, WttJsonRpc rpc, ClientHandshakeResult handshake, MultiplexingStream? mux, int maxMessageBytes, Uri address, string machineName, Guid callerInstance)
    {
        this.stream = stream;
        this.rpc = rpc;
        this.handshake = handshake;
        this.mux = mux;
        this.maxMessageBytes = maxMessageBytes;
        Address = address;
        MachineName = machineName;
        CallerInstanceId = callerInstance;
    }

    /// <summary>Gets the agent's machine, as results name it.</summary>
    public string MachineName { get; }

    /// <summary>Gets the agent's address.</summary>
    public Uri Address { get; }

    /// <summary>Gets the agent's instance id at connection time; a restarted agent has another.</summary>
    public Guid ServerInstanceId => handshake.ServerInstance;

    /// <summary>Gets the agent's software and version as it told them in the handshake, such as <c>Wtt/0.1.0</c>; <see langword="null"/> when the agent did not tell.</summary>
    public string? AgentSoftware => handshake.AgentSoftware;

    /// <summary>Gets this caller's instance id.</summary>
    public Guid CallerInstanceId { get; }

    /// <summary>Gets the calls of this caller instance that the agent's previous instance did not finish, as the agent told at connection.</summary>
    public IReadOnlyList<Guid> UnfinishedCalls => handshake.UnfinishedCalls;

    /// <summary>Gets a value indicating whether the caller proved the shared secret.</summary>
    public bool IsAuthenticated => handshake.Authenticated;

    /// <summary>Gets a value indicating whether the connection is open.</summary>
    public bool IsConnected => Volatile.Read(ref disposed) == 0 && !rpc.IsDisposed && !rpc.Completion.IsCompleted;

    /// <summary>Gets a task that completes when the connection closes.</summary>
    public Task Completion => rpc.Completion;

    /// <summary>Gets or sets what a call that lost its connection throws; set by <see cref="MachineConnector"/>.</summary>
    internal Func<RemoteWttClient, Guid, Exception, CancellationToken, ValueTask<Exception>>? ConnectionLost { get; set; }

    /// <summary>Connects to an agent and runs the handshake.</summary>
    /// <param name="transport">The medium.</param>
    /// <param name="address">The agent's address.</param>
    /// <param name="options">The secret and names; <see langword="null"/> for anonymous defaults.</param>
    /// <param name="cancellationToken">The caller's deadline.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.MachineUnreachable"/>, <see cref="WttErrorCode.AuthenticationFailed"/>, <see cref="WttErrorCode.ProtocolMismatch"/>, <see cref="WttErrorCode.InvalidArgument"/>.</exception>
    public static async ValueTask<RemoteWttClient> ConnectAsync(IWttTransport transport, Uri address, RemoteWttClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        options ??= new RemoteWttClientOptions();

        // Calls travel on a connection of their own, not multiplexed (the channels' pipes cost each call a hop); output streams
        // travel in the channels of a second, multiplexed connection, opened on the first stream (RemoteWttClient.Streams.cs).
        var client = await ConnectCoreAsync(transport, address, options, options.EncodingFeature, cancellationToken).ConfigureAwait(false);
        if (options.UseMultiplexing)
        {
            client.streams = new StreamsLink(transport, address, options, client.MachineName);
        }

        return client;
    }

    private static async ValueTask<RemoteWttClient> ConnectCoreAsync(IWttTransport transport, Uri address, RemoteWttClientOptions options, WireFeatures features, CancellationToken cancellationToken)
    {
        var stream = await transport.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
        try
        {
            ClientHandshakeResult result;
            try
            {
                result = await ClientHandshake.RunAsync(stream, options.SharedSecret, options.CallerInstanceId, options.CallerMachineName, address, options.ProtocolVersion, features, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is WttException { ErrorCode: WttErrorCode.Closed })
            {
                throw TransportAddress.Unreachable(address, "the connection closed during the handshake", ex);
            }

            var machine = options.MachineName ?? result.ServerMachine;
            (MultiplexingStream Mux, MultiplexingStream.Channel Rpc)? channels = result.Multiplexed ? await WttMultiplexing.StartAsync(stream, cancellationToken).ConfigureAwait(false) : null;
            var rpc = WttJsonRpc.Create(WttJsonRpc.CreateHandler(stream, channels, result.Features, options.MaxMessageBytes), machine);
            var client = new RemoteWttClient(stream, rpc, result, channels?.Mux, options.MaxMessageBytes, address, machine, options.CallerInstanceId);
            rpc.StartListening();
            return client;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the connection; pending calls fail.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        rpc.Dispose();
        if (mux is not null)
        {
            await mux.DisposeAsync().ConfigureAwait(false);
        }

        await stream.DisposeAsync().ConfigureAwait(false);
        if (streams is not null)
        {
            await streams.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes a connection the connector has replaced; calls still on it fail as calls on a lost connection do.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    internal ValueTask RetireAsync()
    {
        Volatile.Write(ref retired, 1);
        return DisposeAsync();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{MachineName} at {Address}";
}
