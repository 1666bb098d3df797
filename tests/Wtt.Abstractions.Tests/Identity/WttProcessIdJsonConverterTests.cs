// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text.Json;

namespace Wtt.Tests.Identity;

public sealed class WttProcessIdJsonConverterTests
{
    private const string Text = "0f8fad5b-d9cb-469f-a165-70867728950e";

    [Fact]
    public void Serialize_Id_WritesPlainUuidString()
        => Assert.Equal($"\"{Text}\"", JsonSerializer.Serialize(WttProcessId.Parse(Text)));

    [Fact]
    public void RoundTrip_NewId_ReturnsSameId()
    {
        var id = WttProcessId.New();

        Assert.Equal(id, JsonSerializer.Deserialize<WttProcessId>(JsonSerializer.Serialize(id)));
    }

    [Fact]
    public void RoundTrip_Nil_ReturnsNil()
    {
        var json = JsonSerializer.Serialize(WttProcessId.Nil);

        Assert.Equal("\"00000000-0000-0000-0000-000000000000\"", json);
        Assert.True(JsonSerializer.Deserialize<WttProcessId>(json).IsNil);
    }

    [Fact]
    public void RoundTrip_InsideRecord_KeepsIds()
    {
        var info = new ProcessInfo(WttProcessId.New()) { ParentId = WttProcessId.New() };

        var back = JsonSerializer.Deserialize<ProcessInfo>(JsonSerializer.Serialize(info));

        Assert.NotNull(back);
        Assert.Equal(info.Id, back.Id);
        Assert.Equal(info.ParentId, back.ParentId);
    }

    [Theory]
    [InlineData("\"not-a-uuid\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void Deserialize_BadText_ThrowsJsonExceptionThatShowsTheForm(string json)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<WttProcessId>(json));

        Assert.Contains("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", ex.Message);
    }

    [Fact]
    public void Deserialize_Number_ThrowsJsonException()
        => Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<WttProcessId>("42"));
}
