// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.ClientContracts;

namespace Wtt.Core.Tests.Client;

/// <summary>The IWttClient contract on the engine over the in-memory doubles.</summary>
public sealed class InMemoryWttClientContractTests : WttClientContractTests
{
    protected override ValueTask<IClientHarness> CreateHarnessAsync() => ValueTask.FromResult<IClientHarness>(new InMemoryClientHarness());
}
