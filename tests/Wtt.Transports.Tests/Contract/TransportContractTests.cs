// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Tests.Contract;

public sealed class InMemoryRemoteClientTests : RemoteClientContractTests
{
    protected override IWttTransport Transport { get; } = new InMemoryTransport();

    protected override Uri ListenAddress { get; } = new("memory://agent-" + Guid.NewGuid().ToString("N"));
}

public sealed class NamedPipeRemoteClientTests : RemoteClientContractTests
{
    protected override IWttTransport Transport { get; } = new NamedPipeTransport(Path.Combine(Path.GetTempPath(), "wtt-t-" + Guid.NewGuid().ToString("N")[..8]));

    protected override Uri ListenAddress { get; } = new("pipe://agent");
}

public sealed class TcpRemoteClientTests : RemoteClientContractTests
{
    protected override IWttTransport Transport { get; } = new TcpTransport();

    protected override Uri ListenAddress { get; } = new("tcp://127.0.0.1:0");
}
