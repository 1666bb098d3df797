// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Integration.Tests.Lab;

namespace Wtt.Cli.Tests.Lab;

/// <summary>The tests that run <c>wtt agent</c> in a network namespace of the integration lab's <see cref="LabNetwork"/>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliNetworkCollection : ICollectionFixture<LabNetwork>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "CliNetwork";
}
