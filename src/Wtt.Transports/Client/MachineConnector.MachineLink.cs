// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

public sealed partial class MachineConnector
{
    /// <summary>One machine's connection: made on demand, remade after a loss, one at a time.</summary>
    private sealed class MachineLink : IAsyncDisposable
    {
        private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(20);
        private static readonly TimeSpan LastRetry = TimeSpan.FromMilliseconds(500);
        private readonly MachineConnector owner;
        private readonly string machine;
        private readonly Uri address;
        private readonly IWttTransport transport;
        private readonly SemaphoreSlim gate = new(1, 1);
        private RemoteWttClient? current;

        public MachineLink(MachineConnector owner, string machine, Uri address, IWttTransport transport)
        {
            this.owner = owner;
            this.machine = machine;
            this.address = address;
            this.transport = transport;
        }

        public async ValueTask<RemoteWttClient> GetAsync(CancellationToken cancellationToken, RemoteWttClient? lost = null)
        {
            if (Volatile.Read(ref current) is { IsConnected: true } open && !ReferenceEquals(open, lost))
            {
                return open;
            }

            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (current is { IsConnected: true } raced && !ReferenceEquals(raced, lost))
                {
                    return raced;
                }

                if (current is { } stale)
                {
                    await stale.RetireAsync().ConfigureAwait(false);
                }

                var fresh = await ConnectAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref current, fresh);
                return fresh;
            }
            finally
            {
                gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref current, null) is { } open)
            {
                await open.DisposeAsync().ConfigureAwait(false);
            }
        }

        private async ValueTask<RemoteWttClient> ConnectAsync(CancellationToken cancellationToken)
        {
            var timeout = owner.options.ConnectTimeout;
            using var deadline = timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout, owner.time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var clientOptions = new RemoteWttClientOptions
            {
                SharedSecret = owner.options.SharedSecret,
                MachineName = machine,
                CallerMachineName = owner.localName,
                CallerInstanceId = owner.InstanceId,
                MaxMessageBytes = owner.options.MaxMessageBytes,
                Encoding = owner.options.Encoding,
            };
            try
            {
                var client = await RemoteWttClient.ConnectAsync(transport, address, clientOptions, linked.Token).ConfigureAwait(false);
                client.ConnectionLost = OnLostAsync;
                return client;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new WttException(WttErrorCode.MachineUnreachable, $"Machine '{machine}' did not answer at {address} within {timeout.TotalSeconds:0.###} s; check that its agent runs, or raise MachineConnectorOptions.ConnectTimeout.", ex, machine: machine);
            }
            catch (WttException ex) when (ex.ErrorCode == WttErrorCode.MachineUnreachable && ex.Machine is null)
            {
                throw new WttException(WttErrorCode.MachineUnreachable, $"Machine '{machine}': {ex.Message}", ex.InnerException, machine: machine);
            }
        }

        /// <summary>Decides what a call that lost its connection throws: reconnects (retrying within the connect timeout) and compares the agent's instance.</summary>
        private async ValueTask<Exception> OnLostAsync(RemoteWttClient lost, Guid callId, Exception cause, CancellationToken cancellationToken)
        {
            var timeout = owner.options.ConnectTimeout;
            var started = owner.time.GetTimestamp();
            var delay = FirstRetry;
            while (true)
            {
                try
                {
                    var fresh = await GetAsync(cancellationToken, lost).ConfigureAwait(false);
                    return fresh.ServerInstanceId != lost.ServerInstanceId || fresh.UnfinishedCalls.Contains(callId)
                        ? new WttException(WttErrorCode.AgentRestarted, $"The agent on '{machine}' restarted (instance {lost.ServerInstanceId} is now {fresh.ServerInstanceId}) while call {callId} was pending; its outcome is unknown. Check the processes involved with GetProcessInfoAsync before retrying.", cause, machine: machine)
                        : lost.Lost(callId, cause);
                }
                catch (WttException ex) when (ex.ErrorCode == WttErrorCode.MachineUnreachable)
                {
                    if (timeout != Timeout.InfiniteTimeSpan && owner.time.GetElapsedTime(started) + delay > timeout)
                    {
                        return new WttException(WttErrorCode.MachineUnreachable, $"The connection to '{machine}' was lost while call {callId} was pending, and the agent did not come back within {timeout.TotalSeconds:0.###} s; the call's outcome is unknown.", cause, machine: machine);
                    }
                }

                await Task.Delay(delay, owner.time, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 > LastRetry ? LastRetry : delay * 2;
            }
        }
    }
}
