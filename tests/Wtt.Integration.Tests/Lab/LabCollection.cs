// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Integration.Tests.Lab;

/// <summary>The lab tests: one network for all, never run in parallel with each other (namespaces and routes are the machine's).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollection : ICollectionFixture<LabNetwork>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Lab";
}
