// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Processes;

public sealed class WttTimeoutsTests
{
    public static TheoryData<TimeSpan> ValidTimeouts => new() { TimeSpan.Zero, TimeSpan.FromTicks(1), TimeSpan.FromDays(1), Timeout.InfiniteTimeSpan, TimeSpan.MaxValue };

    public static TheoryData<TimeSpan> InvalidTimeouts => new() { TimeSpan.FromTicks(-1), TimeSpan.FromMilliseconds(-2), TimeSpan.MinValue };

    [Theory]
    [MemberData(nameof(ValidTimeouts))]
    public void ValidateTimeout_ZeroPositiveOrInfinite_DoesNotThrow(TimeSpan timeout)
        => WttTimeouts.ValidateTimeout(timeout, "timeout");

    [Theory]
    [MemberData(nameof(InvalidTimeouts))]
    public void ValidateTimeout_Negative_ThrowsInvalidArgumentNamingIt(TimeSpan timeout)
    {
        var ex = Assert.Throws<WttException>(() => WttTimeouts.ValidateTimeout(timeout, "myTimeout"));

        Assert.Equal(WttErrorCode.InvalidArgument, ex.ErrorCode);
        Assert.StartsWith("myTimeout", ex.Message);
        Assert.Contains("InfiniteTimeSpan", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(30_000)]
    public void ValidateDebugTimeout_Positive_DoesNotThrow(int milliseconds)
        => WttTimeouts.ValidateDebugTimeout(TimeSpan.FromMilliseconds(milliseconds), "debug");

    [Fact]
    public void ValidateDebugTimeout_Infinite_DoesNotThrow()
        => WttTimeouts.ValidateDebugTimeout(Timeout.InfiniteTimeSpan, "debug");

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void ValidateDebugTimeout_ZeroOrNegative_ThrowsInvalidArgument(int milliseconds)
    {
        var ex = Assert.Throws<WttException>(() => WttTimeouts.ValidateDebugTimeout(TimeSpan.FromMilliseconds(milliseconds), "debug"));

        Assert.Equal(WttErrorCode.InvalidArgument, ex.ErrorCode);
        Assert.StartsWith("debug", ex.Message);
    }
}
