// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Tests.Contracts;
using Wtt.Core.Tests.ProcessTable;

namespace Wtt.Core.Tests.State;

/// <summary>The state store contract, run against the folder store (a fresh root per store).</summary>
public sealed class FolderProcessStateStoreContractTests : ProcessStateStoreContractTests
{
    private static readonly string Root = ContractFolders.NewRoot("state-contracts");

    protected override IProcessStateStore CreateStore(TimeProvider time)
        => new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = Path.Combine(Root, Guid.NewGuid().ToString("N")) }, time);
}
