// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Tests.PublicApi;

namespace Wtt.Transports.Tests.PublicApi;

/// <summary>
/// Guards the public surface of Wtt.Transports: any change to it fails this test until the committed
/// snapshot in __snapshots__/ is updated on purpose (see <see cref="PublicApiSnapshot"/>).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_Transports_MatchesSnapshot()
        => PublicApiSnapshot.Match(typeof(TcpTransport).Assembly, "PublicApiTests.PublicApi_Transports_MatchesSnapshot.snap");
}
