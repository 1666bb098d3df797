// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Identity;

public sealed class WttProcessIdTests
{
    private const string Text = "0f8fad5b-d9cb-469f-a165-70867728950e";

    [Fact]
    public void New_Always_IsNotNilAndUnique()
    {
        var a = WttProcessId.New();
        var b = WttProcessId.New();

        Assert.False(a.IsNil);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Nil_IsDefaultAndEmptyGuid()
    {
        Assert.True(WttProcessId.Nil.IsNil);
        Assert.Equal(default, WttProcessId.Nil);
        Assert.Equal(Guid.Empty, WttProcessId.Nil.Value);
    }

    [Theory]
    [InlineData(Text)]
    [InlineData("0F8FAD5B-D9CB-469F-A165-70867728950E")]
    [InlineData("{0f8fad5b-d9cb-469f-a165-70867728950e}")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e")]
    public void Parse_AnyGuidFormat_ReturnsId(string text)
    {
        var id = WttProcessId.Parse(text);

        Assert.Equal(Guid.Parse(Text), id.Value);
        Assert.Equal(Text, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950")]
    public void Parse_NotAGuid_ThrowsFormatException(string text)
        => Assert.Throws<FormatException>(() => WttProcessId.Parse(text));

    [Fact]
    public void TryParse_Guid_ReturnsTrueAndId()
    {
        Assert.True(WttProcessId.TryParse(Text, null, out var id));
        Assert.Equal(Guid.Parse(Text), id.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nope")]
    public void TryParse_NotAGuid_ReturnsFalseAndNil(string? text)
    {
        Assert.False(WttProcessId.TryParse(text, null, out var id));
        Assert.True(id.IsNil);
    }

    [Fact]
    public void Parse_ThroughIParsable_ReturnsId()
    {
        Assert.Equal(WttProcessId.Parse(Text), ParseGeneric<WttProcessId>(Text));

        static T ParseGeneric<T>(string s)
            where T : IParsable<T> => T.Parse(s, null);
    }

    [Fact]
    public void ToString_Always_UsesDFormat()
        => Assert.Equal(Text, WttProcessId.Parse(Text).ToString());

    [Theory]
    [InlineData(null, Text)]
    [InlineData("D", Text)]
    [InlineData("N", "0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("B", "{0f8fad5b-d9cb-469f-a165-70867728950e}")]
    public void ToString_WithFormat_UsesGuidFormat(string? format, string expected)
        => Assert.Equal(expected, WttProcessId.Parse(Text).ToString(format, null));

    [Fact]
    public void TryFormat_EmptyFormat_WritesDForm()
    {
        Span<char> buffer = stackalloc char[64];

        Assert.True(WttProcessId.Parse(Text).TryFormat(buffer, out var written, default, null));
        Assert.Equal(Text, buffer[..written].ToString());
    }

    [Fact]
    public void TryFormat_TooSmallBuffer_ReturnsFalse()
    {
        Span<char> buffer = stackalloc char[10];

        Assert.False(WttProcessId.Parse(Text).TryFormat(buffer, out _, default, null));
    }

    [Fact]
    public void Interpolation_UsesDForm()
        => Assert.Equal($"id {Text}", $"id {WttProcessId.Parse(Text)}");

    [Fact]
    public void CompareTo_OrdersLikeGuid()
    {
        var low = new WttProcessId(Guid.Parse("00000000-0000-0000-0000-000000000001"));
        var high = new WttProcessId(Guid.Parse("00000000-0000-0000-0000-000000000002"));

        Assert.True(low.CompareTo(high) < 0);
        Assert.True(high.CompareTo(low) > 0);
        Assert.Equal(0, low.CompareTo(low));
    }

    [Fact]
    public void Equality_SameGuid_IsEqual()
    {
        var a = WttProcessId.Parse(Text);
        var b = new WttProcessId(Guid.Parse(Text));

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
