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

    public static TheoryData<string, ProcessStartSpec> NativeUnsafeSpecs => new()
    {
        { "RunAs", new ProcessStartSpec("app") { RunAs = new ProcessCredentials(null!) } },
        { "RunAs", new ProcessStartSpec("app") { RunAs = new ProcessCredentials("  ") } },
        { "RunAs.UserName", new ProcessStartSpec("app") { RunAs = new ProcessCredentials("ro\0ot") } },
        { "RunAs.UserName", new ProcessStartSpec("app") { RunAs = new ProcessCredentials(new string('u', 300)) } },
        { "RunAs.Password", new ProcessStartSpec("app") { RunAs = new ProcessCredentials("u") { Password = "p\0" } } },
        { "FileName", new ProcessStartSpec("/bin/sh\0-x") },
        { "FileName", new ProcessStartSpec("/" + new string('a', 5000)) },
        { "Arguments[1]", new ProcessStartSpec("app") { Arguments = ["a", "b\0c"] } },
        { "Arguments[0]", new ProcessStartSpec("app") { Arguments = [new string('a', ProcessStartSpec.MaxArgumentBytes)] } },
        { "Arguments and Environment", new ProcessStartSpec("app") { Arguments = [.. Enumerable.Repeat(new string('a', 100_000), 25)] } },
        { "Environment", new ProcessStartSpec("app") { Environment = new Dictionary<string, string?> { ["A\0B"] = "x" } } },
        { "Environment", new ProcessStartSpec("app") { Environment = new Dictionary<string, string?> { [" "] = "x" } } },
        { "Environment[\"A\"]", new ProcessStartSpec("app") { Environment = new Dictionary<string, string?> { ["A"] = "x\0y" } } },
        { "WorkingDirectory", new ProcessStartSpec("app") { WorkingDirectory = "/tmp\0/x" } },
        { "WorkingDirectory", new ProcessStartSpec("app") { WorkingDirectory = " " } },
        { "LogFiles[0]", new ProcessStartSpec("app") { LogFiles = ["/tmp/a\0.log"] } },
        { "LogFiles[0]", new ProcessStartSpec("app") { LogFiles = [null!] } },
        { "LogFiles", new ProcessStartSpec("app") { LogFiles = null! } },
    };

    [Theory]
    [MemberData(nameof(NativeUnsafeSpecs))]
    public void Validate_InputNativeCodeCannotTake_ThrowsInvalidArgumentNamingTheField(string field, ProcessStartSpec spec)
    {
        var error = Assert.Throws<WttException>(spec.Validate);

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RunAsWithUserName_DoesNotThrow()
        => new ProcessStartSpec("app") { RunAs = new ProcessCredentials("nobody") }.Validate();

    private static void AssertInvalid(ProcessStartSpec spec)
        => Assert.Equal(WttErrorCode.InvalidArgument, Assert.Throws<WttException>(spec.Validate).ErrorCode);
}
