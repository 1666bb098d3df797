// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Output;

public sealed class TailOptionsTests
{
    [Fact]
    public void Default_ReadsFirstLogFromBeginningAndFollows()
    {
        Assert.Null(TailOptions.Default.LogName);
        Assert.Equal(TailStart.Beginning, TailOptions.Default.Start);
        Assert.Equal(0, TailOptions.Default.Offset);
        Assert.True(TailOptions.Default.Follow);
        TailOptions.Default.Validate();
    }

    [Theory]
    [InlineData(TailStart.Offset, 0)]
    [InlineData(TailStart.LastBytes, 100)]
    [InlineData(TailStart.End, 0)]
    public void Validate_NamedStartAndOffset_DoesNotThrow(TailStart start, long offset)
        => new TailOptions { Start = start, Offset = offset }.Validate();

    [Fact]
    public void Validate_NegativeOffset_ThrowsInvalidArgument()
        => AssertInvalid(new TailOptions { Start = TailStart.Offset, Offset = -1 });

    [Fact]
    public void Validate_UndefinedStart_ThrowsInvalidArgument()
        => AssertInvalid(new TailOptions { Start = (TailStart)42 });

    private static void AssertInvalid(TailOptions options)
        => Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(options.Validate).ErrorCode);
}
