// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Waiting;

public sealed class WaitResultTests
{
    [Theory]
    [InlineData(WaitOutcome.Satisfied, true)]
    [InlineData(WaitOutcome.TimedOut, false)]
    public void IsSatisfied_OnlyForSatisfied(WaitOutcome outcome, bool expected)
        => Assert.Equal(expected, new WaitResult(outcome, -1, []).IsSatisfied);
}
