// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.PublicApi;

/// <summary>
/// Guards the public surface of Wtt.Abstractions: any change to it fails this test until the committed
/// snapshot in __snapshots__/ is updated on purpose (see <see cref="PublicApiSnapshot"/>).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_Abstractions_MatchesSnapshot()
        => PublicApiSnapshot.Match(typeof(WttProcessId).Assembly, "PublicApiTests.PublicApi_Abstractions_MatchesSnapshot.snap");
}
