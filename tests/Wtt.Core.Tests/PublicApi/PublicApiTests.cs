// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Tests.PublicApi;

namespace Wtt.Core.Tests.PublicApi;

/// <summary>
/// Guards the public surface of Wtt.Core: any change to it fails this test until the committed
/// snapshot in __snapshots__/ is updated on purpose (see <see cref="PublicApiSnapshot"/>).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_Core_MatchesSnapshot()
        => PublicApiSnapshot.Match(typeof(LocalWttMachine).Assembly, "PublicApiTests.PublicApi_Core_MatchesSnapshot.snap");
}
