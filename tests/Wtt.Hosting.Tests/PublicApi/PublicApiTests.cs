// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Tests.PublicApi;

namespace Wtt.Hosting.Tests.PublicApi;

/// <summary>
/// Guards the public surface of Wtt.Hosting: any change to it fails this test until the committed
/// snapshot in __snapshots__/ is updated on purpose (see <see cref="PublicApiSnapshot"/>).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_Hosting_MatchesSnapshot()
        => PublicApiSnapshot.Match(typeof(InProcessLab).Assembly, "PublicApiTests.PublicApi_Hosting_MatchesSnapshot.snap",
            allowNamespacePrefixes: ["Microsoft.Extensions.DependencyInjection"]);
}
