// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using Wtt.Transports;

namespace Wtt.Fuzz;

/// <summary>An authenticated .NET client that calls <c>list</c> and <c>currentInfo</c> back to back all through the run; each call must answer within the limit.</summary>
internal sealed class GoodClient : IAsyncDisposable
{
    private const string Machine = "fuzz-agent";
    private readonly MachineConnector connector;
    private readonly FuzzTotals totals;
    private readonly CancellationTokenSource stop = new();
    private Task loop = Task.CompletedTask;

    private GoodClient(MachineConnector connector, FuzzTotals totals)
    {
        this.connector = connector;
        this.totals = totals;
    }

    public static async Task<GoodClient> StartAsync(int port, string secret, FuzzTotals totals)
    {
        var options = new MachineConnectorOptions { SharedSecret = secret, ConnectTimeout = TimeSpan.FromSeconds(5), LocalMachineName = "fuzz-caller" };
        options.Machines[Machine] = new Uri($"tcp://127.0.0.1:{port}");
        var good = new GoodClient(new MachineConnector(options, [new TcpTransport()]), totals);
        await good.CallAsync(0).ConfigureAwait(false);
        good.loop = good.LoopAsync();
        return good;
    }

    public async Task<int> RowsAsync()
    {
        var client = await connector.GetClientAsync(Machine).ConfigureAwait(false);
        return (await client.GetProcessListAsync().ConfigureAwait(false)).Count;
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await connector.DisposeAsync().ConfigureAwait(false);
        stop.Dispose();
    }

    private async Task LoopAsync()
    {
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            await CallAsync(i).ConfigureAwait(false);
        }
    }

    /// <summary>Makes one call, connecting included; call 0 warms up (the agent's first call) and only has to succeed.</summary>
    private async Task CallAsync(int i)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await OneCallAsync(i).WaitAsync(i == 0 ? TimeSpan.FromSeconds(30) : FuzzRun.GoodCallLimit).ConfigureAwait(false);
            if (i > 0)
            {
                totals.GoodCall(clock.Elapsed);
            }
        }
        catch (TimeoutException)
        {
            totals.Hang($"good call {i} took over {FuzzRun.GoodCallLimit.TotalSeconds} s");
        }
        catch (Exception ex) when (ex is WttException or IOException or OperationCanceledException)
        {
            totals.Hang($"good call {i} failed after {clock.Elapsed.TotalMilliseconds:0} ms: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task OneCallAsync(int i)
    {
        var client = await connector.GetClientAsync(Machine).ConfigureAwait(false);
        if (i % 2 == 0)
        {
            await client.GetProcessListAsync().ConfigureAwait(false);
        }
        else
        {
            await client.GetCurrentProcessInfoAsync().ConfigureAwait(false);
        }
    }
}
