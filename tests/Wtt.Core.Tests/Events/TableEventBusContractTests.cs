// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Tests.Contracts;
using Wtt.Core.Tests.ProcessTable;
using Wtt.Core.Events;

namespace Wtt.Core.Tests.Events;

/// <summary>The global event bus contract, run against the real bus over a shared-memory table (a fresh folder per test).</summary>
public sealed class TableEventBusContractTests : GlobalEventBusContractTests
{
    private static readonly string Root = ContractFolders.NewRoot("event-contracts");
    private readonly string folder = Path.Combine(Root, Guid.NewGuid().ToString("N"));

    protected override IProcessTable CreateTable(TimeProvider time)
        => SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = Path.Combine(folder, "table") }, time);

    protected override IGlobalEventBus CreateBus(IProcessTable table) => new TableEventBus(table, Path.Combine(folder, "events"));
}
