// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Processes;

public sealed class ProcessStartSpecTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var spec = new ProcessStartSpec("app");

        Assert.Empty(spec.Arguments);
        Assert.Empty(spec.Environment);
        Assert.True(spec.CaptureOutput);
        Assert.Empty(spec.LogFiles);
        Assert.Equal(TimeSpan.FromSeconds(30), spec.DebugTimeout);
        Assert.Equal(ProcessStartSpec.DefaultDebugTimeout, spec.DebugTimeout);
        Assert.Equal(ProcessKind.Plain, spec.Kind);
        Assert.Equal(ProcessCreationFlags.None, spec.CreationFlags);
        Assert.True(spec.Id.IsNil);
        Assert.Null(spec.Machine);
    }

    [Fact]
    public void Validate_Complete_DoesNotThrow()
    {
        var spec = new ProcessStartSpec("/bin/app")
        {
            Arguments = ["a", string.Empty, "c d"],
            Environment = new Dictionary<string, string?> { ["A"] = "1", ["B"] = null },
            DebugTimeout = Timeout.InfiniteTimeSpan,
        };

        spec.Validate();
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Validate_NoFileName_ThrowsInvalidArgument(string? fileName)
        => AssertInvalid(new ProcessStartSpec(fileName!));

    [Fact]
    public void Validate_NullArgument_ThrowsInvalidArgument()
        => AssertInvalid(new ProcessStartSpec("app") { Arguments = ["a", null!] });

    [Fact]
    public void Validate_NullArgumentList_ThrowsInvalidArgument()
        => AssertInvalid(new ProcessStartSpec("app") { Arguments = null! });

    [Theory]
    [InlineData("")]
    [InlineData("A=B")]
    public void Validate_BadVariableName_ThrowsInvalidArgument(string name)
        => AssertInvalid(new ProcessStartSpec("app") { Environment = new Dictionary<string, string?> { [name] = "x" } });

    [Fact]
    public void Validate_NullEnvironment_ThrowsInvalidArgument()
        => AssertInvalid(new ProcessStartSpec("app") { Environment = null! });

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_NonPositiveDebugTimeout_ThrowsInvalidArgument(int milliseconds)
        => AssertInvalid(new ProcessStartSpec("app") { DebugTimeout = TimeSpan.FromMilliseconds(milliseconds) });

    [Fact]
    public void With_DerivesACopy()
    {
        var spec = new ProcessStartSpec("app");

        var other = spec with { Arguments = ["x"] };

        Assert.Empty(spec.Arguments);
        Assert.Equal(["x"], other.Arguments);
    }

    private static void AssertInvalid(ProcessStartSpec spec)
        => Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(spec.Validate).ErrorCode);
}
