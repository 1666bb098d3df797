// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Processes;

public sealed class ProcessStatusExtensionsTests
{
    [Theory]
    [InlineData(ProcessStatus.Unknown, false)]
    [InlineData(ProcessStatus.Created, false)]
    [InlineData(ProcessStatus.Running, false)]
    [InlineData(ProcessStatus.Initialized, false)]
    [InlineData(ProcessStatus.NeedsAssistance, false)]
    [InlineData(ProcessStatus.DebugBreak, false)]
    [InlineData(ProcessStatus.Exited, true)]
    [InlineData(ProcessStatus.Terminated, true)]
    [InlineData(ProcessStatus.NotActive, true)]
    [InlineData(ProcessStatus.Unreachable, false)]
    public void IsEnded_EachStatus(ProcessStatus status, bool expected)
        => Assert.Equal(expected, status.IsEnded());

    [Fact]
    public void IsInitialized_OnlyInitialized()
    {
        foreach (var status in Enum.GetValues<ProcessStatus>())
        {
            Assert.Equal(status == ProcessStatus.Initialized, status.IsInitialized());
        }
    }

    [Fact]
    public void Values_AreTheWireNumbers()
        => Assert.Equal(
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            Enum.GetValues<ProcessStatus>().Select(s => (int)s));
}
