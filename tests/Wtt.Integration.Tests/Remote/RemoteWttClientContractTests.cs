// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.ClientContracts;
using Wtt.Transports;

namespace Wtt.Integration.Tests.Remote;

/// <summary>The IWttClient contract through an agent over the in-process memory transport.</summary>
public sealed class MemoryRemoteWttClientContractTests : WttClientContractTests
{
    protected override async ValueTask<IClientHarness> CreateHarnessAsync()
        => new RemoteClientHarness(await TwoMachines.StartAsync(new InMemoryTransport(), new Uri($"memory://agent-{Guid.NewGuid():N}")));
}

/// <summary>The IWttClient contract through an agent over a Unix domain socket.</summary>
public sealed class PipeRemoteWttClientContractTests : WttClientContractTests
{
    protected override async ValueTask<IClientHarness> CreateHarnessAsync()
        => new RemoteClientHarness(await TwoMachines.StartAsync(new NamedPipeTransport(), new Uri($"pipe://wtt-{Guid.NewGuid():N}")));
}

/// <summary>The IWttClient contract through an agent over tcp on loopback, in MessagePack as .NET callers speak by default.</summary>
public sealed class TcpRemoteWttClientContractTests : WttClientContractTests
{
    protected override async ValueTask<IClientHarness> CreateHarnessAsync()
        => new RemoteClientHarness(await TwoMachines.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0")));
}

/// <summary>The IWttClient contract through an agent over tcp on loopback, in JSON as clients in other languages speak.</summary>
public sealed class TcpJsonRemoteWttClientContractTests : WttClientContractTests
{
    protected override async ValueTask<IClientHarness> CreateHarnessAsync()
        => new RemoteClientHarness(await TwoMachines.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), WttWireEncoding.Json));
}
