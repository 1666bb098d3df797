// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Tests.Signals;

public sealed class TerminateOptionsTests
{
    [Fact]
    public void Default_TenSecondsAndSigterm()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), TerminateOptions.Default.GracePeriod);
        Assert.Equal(PosixSignal.SIGTERM, TerminateOptions.Default.PoliteSignal);
        TerminateOptions.Default.Validate();
    }

    [Fact]
    public void Validate_ZeroOrInfinite_DoesNotThrow()
    {
        new TerminateOptions { GracePeriod = TimeSpan.Zero }.Validate();
        new TerminateOptions { GracePeriod = Timeout.InfiniteTimeSpan }.Validate();
    }

    [Fact]
    public void Validate_NegativeGrace_ThrowsInvalidArgumentNamingIt()
    {
        var ex = Assert.Throws<WttException>(new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(-2) }.Validate);

        Assert.Equal(WttErrorCode.InvalidArgument, ex.ErrorCode);
        Assert.Contains(nameof(TerminateOptions.GracePeriod), ex.Message);
    }
}
