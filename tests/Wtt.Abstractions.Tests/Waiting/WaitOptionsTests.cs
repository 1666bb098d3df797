// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Waiting;

public sealed class WaitOptionsTests
{
    [Fact]
    public void Presets_HaveDocumentedValues()
    {
        Assert.Equal(WaitMode.All, WaitOptions.AllExited.Mode);
        Assert.Equal(WaitTarget.Exited, WaitOptions.AllExited.Target);
        Assert.Equal(Timeout.InfiniteTimeSpan, WaitOptions.AllExited.Timeout);
        Assert.Null(WaitOptions.AllExited.DebugTimeout);
        Assert.Equal(WaitTarget.Initialized, WaitOptions.AllInitialized.Target);
        WaitOptions.AllExited.Validate();
        WaitOptions.AllInitialized.Validate();
    }

    [Fact]
    public void Validate_ZeroAndInfinite_DoNotThrow()
    {
        new WaitOptions { Timeout = TimeSpan.Zero }.Validate();
        new WaitOptions { Timeout = Timeout.InfiniteTimeSpan, DebugTimeout = Timeout.InfiniteTimeSpan }.Validate();
        new WaitOptions { Mode = WaitMode.Any, DebugTimeout = TimeSpan.FromSeconds(1) }.Validate();
    }

    [Fact]
    public void Validate_NegativeTimeout_ThrowsInvalidArgument()
        => AssertInvalid(new WaitOptions { Timeout = TimeSpan.FromMilliseconds(-5) });

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_NonPositiveDebugTimeout_ThrowsInvalidArgument(int milliseconds)
        => AssertInvalid(new WaitOptions { DebugTimeout = TimeSpan.FromMilliseconds(milliseconds) });

    [Fact]
    public void Validate_UndefinedMode_ThrowsInvalidArgument()
        => AssertInvalid(new WaitOptions { Mode = (WaitMode)7 });

    [Fact]
    public void Validate_UndefinedTarget_ThrowsInvalidArgument()
        => AssertInvalid(new WaitOptions { Target = (WaitTarget)7 });

    private static void AssertInvalid(WaitOptions options)
        => Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(options.Validate).ErrorCode);
}
