// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.ClientContracts;

namespace Wtt.Core.Tests.Client;

/// <summary>The IWttClient contract on this machine's real table, launcher and event bus, with real processes.</summary>
public sealed class LocalWttClientContractTests : WttClientContractTests
{
    protected override ValueTask<IClientHarness> CreateHarnessAsync() => ValueTask.FromResult<IClientHarness>(new LocalClientHarness());
}
