// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;

namespace Wtt.Transports;

/// <summary>
/// Serves an <see cref="IWttClient"/> to other machines: accepts connections from a transport, runs the
/// handshake (protocol version, shared secret), then answers JSON-RPC calls with the served client.
/// </summary>
/// <remarks>
/// The agent serves the very client a local caller uses, so remote and local behaviour cannot drift apart.
/// Each start has a new <see cref="InstanceId"/>; callers that saw another one learn that the agent restarted.
/// This type is thread-safe.
/// </remarks>
public sealed partial class WttAgentServer : IAsyncDisposable
{
    private readonly IWttClient served;
    private readonly IWttListener listener;
    private readonly WttAgentServerOptions options;
    private readonly CallJournal journal;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Connection, Task> connections = new();
    private int disposed;

    private WttAgentServer(IWttClient served, IWttListener listener, WttAgentServerOptions options, CallJournal journal)
    {
        this.served = served;
        this.listener = listener;
        this.options = options;
        this.journal = journal;
        MachineName = options.MachineName ?? served.MachineName;
        Completion = RunAsync();
    }

    /// <summary>Gets the address callers connect to (with the real port where 0 was asked for).</summary>
    public Uri Address => listener.Address;

    /// <summary>Gets this start's instance id; a restarted agent has a new one.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <summary>Gets the machine name the agent reports to callers.</summary>
    public string MachineName { get; }

    /// <summary>Gets a task that completes when the agent has stopped and every connection is closed.</summary>
    public Task Completion { get; }

    /// <summary>Gets the number of open connections.</summary>
    public int ConnectionCount => connections.Count;

    /// <summary>Starts listening and serving.</summary>
    /// <param name="served">
    /// The client whose calls the agent runs. Its <see cref="IWttClient.OpenProcessAsync"/> and
    /// <see cref="IWttClient.GetProcessInfoAsync"/> of the agent's own machine, <see cref="IWttClient.GetCurrentProcessInfoAsync"/>
    /// and the release of a handle run on the thread that read the request, to spare each a thread-pool hand-off: a served
    /// client answers them from its own state, or returns a task that is not yet complete; while one runs synchronously,
    /// its connection reads nothing else.
    /// </param>
    /// <param name="transport">The medium.</param>
    /// <param name="address">Where to listen, with the transport's scheme.</param>
    /// <param name="options">Security and limits.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running agent; dispose it to stop.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: options that would let nobody in, or anonymous tcp off loopback; <see cref="WttErrorCode.AccessDenied"/>.</exception>
    public static async ValueTask<WttAgentServer> StartAsync(IWttClient served, IWttTransport transport, Uri address, WttAgentServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(address, transport);
        var journal = new CallJournal(options.JournalSize, options.JournalFolder);
        try
        {
            var listener = await transport.ListenAsync(address, cancellationToken).ConfigureAwait(false);
            if (listener is TlsListener tls)
            {
                tls.Refused = (code, reason) => Report(options, tls.Address, code, reason);
            }

            return new WttAgentServer(served, listener, options, journal);
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    /// <summary>Stops listening and closes every connection; calls in flight are not answered, so their callers learn of the restart.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await listener.DisposeAsync().ConfigureAwait(false);
        DropConnections();
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WttException or IOException)
        {
            // Stopping ends the loops in these ways.
        }

        journal.Dispose();
        stopping.Dispose();
    }

    /// <summary>Tells the host, through <see cref="WttAgentServerOptions.ConnectionRefused"/>, that a caller was turned away.</summary>
    internal static void Report(WttAgentServerOptions options, Uri address, WttErrorCode code, string reason)
    {
        try
        {
            options.ConnectionRefused?.Invoke(new WttConnectionRefusal(address, code, reason));
        }
#pragma warning disable CA1031 // The host's observer must not break the agent.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Ignored, as documented.
        }
    }

    /// <summary>Closes every open connection and keeps listening; callers reconnect on their next call.</summary>
    internal void DropConnections()
    {
        foreach (var connection in connections.Keys)
        {
            connection.Abort();
        }
    }

    private async Task RunAsync()
    {
        await Task.Yield();
        while (!stopping.IsCancellationRequested)
        {
            Stream stream;
            try
            {
                stream = await listener.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (WttException ex) when (ex.ErrorCode == WttErrorCode.Closed)
            {
                break;
            }

            var connection = new Connection(this, stream);
            connections[connection] = connection.ServeAsync();
        }

        await Task.WhenAll(connections.Values).ConfigureAwait(false);
    }
}
