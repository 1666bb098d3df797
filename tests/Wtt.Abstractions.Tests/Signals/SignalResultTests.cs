// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Signals;

public sealed class SignalResultTests
{
    [Fact]
    public void Count_CountsEntriesWithTheOutcome()
    {
        var entries = new[] { SignalOutcome.Delivered, SignalOutcome.AlreadyExited, SignalOutcome.Delivered }
            .Select(o => new SignalEntry(WttProcessId.New(), null, o))
            .ToArray();

        var result = new SignalResult(entries);

        Assert.Equal(2, result.Count(SignalOutcome.Delivered));
        Assert.Equal(1, result.Count(SignalOutcome.AlreadyExited));
    }
}
