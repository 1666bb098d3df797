// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Client;

/// <summary>A user's transport is one class over a Stream; framing, JSON-RPC, authentication and versioning stay Wtt's.</summary>
public sealed class CustomTransportTests
{
    [Fact(Timeout = 20_000)]
    public async Task CustomScheme_IsPickedByTheConnector_AndCarriesEveryLayer()
    {
        var custom = new CountingTransport(new InMemoryTransport());
        var fake = new ScriptedWttClient();
        await using var server = await WttAgentServer.StartAsync(fake, custom, new Uri("lab://b"), new WttAgentServerOptions { Security = { SharedSecret = "s" } });
        var options = new MachineConnectorOptions { SharedSecret = "s", LocalMachineName = "caller-m" };
        options.Machines["lab-b"] = new Uri("lab://b");
        await using var connector = new MachineConnector(options, [new TcpTransport(), custom]);

        var list = await (await connector.GetClientAsync("lab-b")).GetProcessListAsync();

        Assert.Equal(fake.List.Select(p => p.Id), list.Select(p => p.Id));
        Assert.Equal(1, custom.Connects);
    }

    /// <summary>A transport named "lab" that rides on another one and counts connections.</summary>
    private sealed class CountingTransport(IWttTransport inner) : IWttTransport
    {
        private int connects;

        public string Scheme => "lab";

        public int Connects => Volatile.Read(ref connects);

        public ValueTask<Stream> ConnectAsync(Uri address, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref connects);
            return inner.ConnectAsync(Inner(address), cancellationToken);
        }

        public ValueTask<IWttListener> ListenAsync(Uri address, CancellationToken cancellationToken = default)
            => inner.ListenAsync(Inner(address), cancellationToken);

        private static Uri Inner(Uri address) => new($"memory://{address.Host}");
    }
}
