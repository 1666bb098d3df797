// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core.Tests.ProcessTable;

public sealed class ProcessLivenessTests
{
    [Fact]
    public void IsAlive_Self_WithOwnStartTime_IsTrue_WithAnother_IsFalse()
    {
        var start = ProcessLiveness.CurrentStartTime;

        Assert.NotEqual(0, start);
        Assert.True(ProcessLiveness.IsAlive(Environment.ProcessId, start));
        Assert.False(ProcessLiveness.IsAlive(Environment.ProcessId, start + 1));
        Assert.False(ProcessLiveness.IsAlive(0, 0));
    }

    [Fact]
    public void ParseStartTime_CommandWithSpacesAndParens_ReadsField22()
    {
        var line = "1234 (my (odd) prog) S 1 1234 1234 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 3 0 987654 1000000 200 18446744073709551615";

        Assert.True(ProcessLiveness.ParseStartTime(line, out var state, out var startTime));
        Assert.Equal('S', state);
        Assert.Equal(987654, startTime);
    }
}
