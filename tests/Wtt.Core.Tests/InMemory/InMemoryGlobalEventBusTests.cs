// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Tests.Contracts;

namespace Wtt.Core.Tests.InMemory;

public sealed class InMemoryGlobalEventBusTests : GlobalEventBusContractTests
{
    protected override IProcessTable CreateTable(TimeProvider time) => new InMemoryProcessTable(time);

    protected override IGlobalEventBus CreateBus(IProcessTable table) => new InMemoryGlobalEventBus(table);
}
