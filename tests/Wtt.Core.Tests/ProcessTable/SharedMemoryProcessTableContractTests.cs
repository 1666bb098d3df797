// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Tests.Contracts;

namespace Wtt.Core.Tests.ProcessTable;

/// <summary>The process table contract, run against the shared-memory table (a fresh table folder per table).</summary>
public sealed class SharedMemoryProcessTableContractTests : ProcessTableContractTests
{
    private static readonly string Root = ContractFolders.NewRoot("table-contracts");

    protected override IProcessTable CreateTable(int capacity, TimeProvider time)
        => SharedMemoryProcessTable.Open(
            new SharedMemoryProcessTableOptions { TableFolder = Path.Combine(Root, Guid.NewGuid().ToString("N")), Capacity = capacity },
            time);
}
