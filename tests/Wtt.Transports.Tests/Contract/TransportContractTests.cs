// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Tests.Contract;

public sealed class InMemoryRemoteClientTests : RemoteClientContractTests
{
    protected override IWttTransport Transport { get; } = new InMemoryTransport();

    protected override Uri ListenAddress { get; } = new("memory://agent-" + Guid.NewGuid().ToString("N"));
}

public sealed class NamedPipeRemoteClientTests : RemoteClientContractTests, IDisposable
{
    private readonly NamedPipeTransport transport = new(Path.Combine(Path.GetTempPath(), "wtt-t-" + Guid.NewGuid().ToString("N")[..8]));

    protected override IWttTransport Transport => transport;

    protected override Uri ListenAddress { get; } = new("pipe://agent");

    /// <summary>Removes the test's socket folder.</summary>
    public void Dispose()
    {
        if (Directory.Exists(transport.SocketFolder))
        {
            Directory.Delete(transport.SocketFolder, recursive: true);
        }
    }
}

public sealed class TcpRemoteClientTests : RemoteClientContractTests
{
    protected override IWttTransport Transport { get; } = new TcpTransport();

    protected override Uri ListenAddress { get; } = new("tcp://127.0.0.1:0");
}
