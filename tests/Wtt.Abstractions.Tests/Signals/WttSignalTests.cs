// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Signals;

public sealed class WttSignalTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Reload")]
    [InlineData("my.event-1_x")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void Create_ValidName_KeepsName(string name)
    {
        var signal = WttSignal.Create(name);

        Assert.Equal(name, signal.Name);
        Assert.True(signal.Payload.IsEmpty);
        Assert.Equal(name, signal.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("colon:name")]
    [InlineData("é")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void Create_BadName_ThrowsInvalidArgument(string name)
        => AssertInvalid(() => WttSignal.Create(name));

    [Fact]
    public void Create_NullName_ThrowsInvalidArgument()
        => AssertInvalid(() => WttSignal.Create(null!));

    [Fact]
    public void Create_PayloadAtLimit_Accepted()
    {
        var payload = new byte[WttSignal.MaxPayloadBytes];
        payload[^1] = 7;

        var signal = WttSignal.Create("Big", payload);

        Assert.Equal(4096, signal.Payload.Length);
        Assert.Equal(7, signal.Payload.Span[^1]);
        Assert.Equal("Big (4096 bytes)", signal.ToString());
    }

    [Fact]
    public void Create_PayloadOverLimit_ThrowsInvalidArgument()
        => AssertInvalid(() => WttSignal.Create("Big", new byte[4097]));

    [Fact]
    public void Create_TextOverLimit_ThrowsInvalidArgument()
        => AssertInvalid(() => WttSignal.Create("Big", new string('x', 4097)));

    [Fact]
    public void Create_Payload_IsCopied()
    {
        var payload = new byte[] { 1, 2, 3 };

        var signal = WttSignal.Create("Copy", payload);
        payload[0] = 9;

        Assert.Equal(new byte[] { 1, 2, 3 }, signal.Payload.ToArray());
    }

    [Fact]
    public void Create_Text_RoundTripsAsUtf8()
    {
        var signal = WttSignal.Create("Say", "héllo");

        Assert.Equal("héllo", signal.PayloadText());
        Assert.Equal(6, signal.Payload.Length);
    }

    [Fact]
    public void Create_NullText_IsEmptyPayload()
        => Assert.True(WttSignal.Create("Say", (string)null!).Payload.IsEmpty);

    [Fact]
    public void WellKnown_HaveTheirNamesAndFlags()
    {
        Assert.Equal("Shutdown", WttSignal.Shutdown.Name);
        Assert.True(WttSignal.Shutdown.IsShutdown);
        Assert.False(WttSignal.Shutdown.IsTerminate);
        Assert.Equal("Terminate", WttSignal.Terminate.Name);
        Assert.True(WttSignal.Terminate.IsTerminate);
        Assert.False(WttSignal.Terminate.IsShutdown);
        Assert.False(WttSignal.Create("Other").IsShutdown);
    }

    [Fact]
    public void Create_WellKnownNameWithoutPayload_ReturnsTheWellKnownInstance()
    {
        Assert.Same(WttSignal.Shutdown, WttSignal.Create("Shutdown"));
        Assert.Same(WttSignal.Terminate, WttSignal.Create("Terminate"));
    }

    [Fact]
    public void Create_WellKnownNameWithPayload_IsANewEventOfThatName()
    {
        var signal = WttSignal.Create("Shutdown", "why");

        Assert.NotSame(WttSignal.Shutdown, signal);
        Assert.True(signal.IsShutdown);
        Assert.NotEqual(WttSignal.Shutdown, signal);
    }

    [Fact]
    public void Equals_SameNameAndPayload_IsEqual()
    {
        var a = WttSignal.Create("E", "p");
        var b = WttSignal.Create("E", "p");

        Assert.Equal(a, b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_OtherNamePayloadOrNull_IsNotEqual()
    {
        var a = WttSignal.Create("E", "p");

        Assert.NotEqual(a, WttSignal.Create("F", "p"));
        Assert.NotEqual(a, WttSignal.Create("E", "q"));
        Assert.NotEqual(a, WttSignal.Create("e", "p"));
        Assert.False(a.Equals(null));
    }

    private static void AssertInvalid(Func<WttSignal> create)
        => Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(create).ErrorCode);
}
