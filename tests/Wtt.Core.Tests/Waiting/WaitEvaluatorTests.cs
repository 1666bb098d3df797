// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Waiting;

namespace Wtt.Core.Tests.Waiting;

public class WaitEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ProcessRecord Row(ProcessStatus status, ProcessKind kind = ProcessKind.WttBased, DateTimeOffset? beat = null)
        => new(WttProcessId.New()) { Status = status, Kind = kind, CreatedAt = Start, LastHeartbeat = beat, DebugTimeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public void Judge_GoneRow_IsReachedForExitAndEarlyForInitialized()
    {
        Assert.Equal(WaitEntryOutcome.Reached, WaitEvaluator.Judge(null, WaitOptions.AllExited, Start).Outcome);
        Assert.Equal(WaitEntryOutcome.ExitedEarly, WaitEvaluator.Judge(null, WaitOptions.AllInitialized, Start).Outcome);
    }

    [Fact]
    public void Judge_PlainRunning_CountsAsInitializedAndNeverBreaks()
    {
        var plain = Row(ProcessStatus.Running, ProcessKind.Plain);
        Assert.Equal(WaitEntryOutcome.Reached, WaitEvaluator.Judge(plain, WaitOptions.AllInitialized, Start).Outcome);
        var (outcome, expires) = WaitEvaluator.Judge(plain, WaitOptions.AllExited, Start + TimeSpan.FromDays(1));
        Assert.Equal(WaitEntryOutcome.StillWaiting, outcome);
        Assert.Null(expires);
    }

    [Fact]
    public void Judge_NeverBeat_IsJudgedFromCreation()
    {
        var row = Row(ProcessStatus.Running);
        var (before, expires) = WaitEvaluator.Judge(row, WaitOptions.AllInitialized, Start + TimeSpan.FromSeconds(9));
        Assert.Equal(WaitEntryOutcome.StillWaiting, before);
        Assert.Equal(Start + TimeSpan.FromSeconds(10), expires);
        Assert.Equal(WaitEntryOutcome.DebugBreak, WaitEvaluator.Judge(row, WaitOptions.AllInitialized, Start + TimeSpan.FromSeconds(10)).Outcome);
    }

    [Fact]
    public void Judge_WaitDebugTimeout_OverridesTheProcesses()
    {
        var row = Row(ProcessStatus.Initialized, beat: Start);
        var shortWait = WaitOptions.AllExited with { DebugTimeout = TimeSpan.FromSeconds(1) };
        var ignore = WaitOptions.AllExited with { DebugTimeout = Timeout.InfiniteTimeSpan };
        Assert.Equal(WaitEntryOutcome.DebugBreak, WaitEvaluator.Judge(row, shortWait, Start + TimeSpan.FromSeconds(2)).Outcome);
        Assert.Equal(WaitEntryOutcome.StillWaiting, WaitEvaluator.Judge(row, ignore, Start + TimeSpan.FromDays(2)).Outcome);
    }

    [Fact]
    public void Judge_DebugBreakStatus_IsADebugBreak()
        => Assert.Equal(WaitEntryOutcome.DebugBreak, WaitEvaluator.Judge(Row(ProcessStatus.DebugBreak, beat: Start), WaitOptions.AllExited, Start).Outcome);

    [Theory]
    [InlineData(WaitMode.All, new[] { WaitEntryOutcome.Reached, WaitEntryOutcome.Reached }, false, WaitOutcome.Satisfied, -1)]
    [InlineData(WaitMode.All, new[] { WaitEntryOutcome.Reached, WaitEntryOutcome.StillWaiting }, true, WaitOutcome.TimedOut, 1)]
    [InlineData(WaitMode.All, new[] { WaitEntryOutcome.StillWaiting, WaitEntryOutcome.ExitedEarly, WaitEntryOutcome.DebugBreak }, false, WaitOutcome.DebugBreak, 2)]
    [InlineData(WaitMode.All, new[] { WaitEntryOutcome.StillWaiting, WaitEntryOutcome.ExitedEarly }, false, WaitOutcome.ExitedEarly, 1)]
    [InlineData(WaitMode.All, new[] { WaitEntryOutcome.Unreachable, WaitEntryOutcome.StillWaiting }, false, WaitOutcome.Unreachable, 0)]
    [InlineData(WaitMode.Any, new[] { WaitEntryOutcome.StillWaiting, WaitEntryOutcome.Reached, WaitEntryOutcome.Reached }, false, WaitOutcome.Satisfied, 1)]
    [InlineData(WaitMode.Any, new[] { WaitEntryOutcome.ExitedEarly, WaitEntryOutcome.StillWaiting }, true, WaitOutcome.TimedOut, 1)]
    [InlineData(WaitMode.Any, new[] { WaitEntryOutcome.ExitedEarly, WaitEntryOutcome.ExitedEarly }, false, WaitOutcome.ExitedEarly, 0)]
    [InlineData(WaitMode.Any, new[] { WaitEntryOutcome.StillWaiting, WaitEntryOutcome.DebugBreak }, false, WaitOutcome.DebugBreak, 1)]
    public void Summarize_GivesOutcomeAndIndex(WaitMode mode, WaitEntryOutcome[] outcomes, bool timedOut, WaitOutcome expected, int index)
        => Assert.Equal((expected, index), WaitEvaluator.Summarize(outcomes, mode, timedOut));

    [Fact]
    public void Summarize_StillWaitingBeforeTheDeadline_GoesOn()
    {
        Assert.Null(WaitEvaluator.Summarize([WaitEntryOutcome.Reached, WaitEntryOutcome.StillWaiting], WaitMode.All, timedOut: false));
        Assert.Null(WaitEvaluator.Summarize([WaitEntryOutcome.ExitedEarly, WaitEntryOutcome.StillWaiting], WaitMode.Any, timedOut: false));
    }
}
