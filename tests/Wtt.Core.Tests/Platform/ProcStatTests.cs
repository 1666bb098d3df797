// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;
using Wtt.Core.Platform;
using Wtt.Core.Tests.Launching;

namespace Wtt.Core.Tests.Platform;

public sealed class ProcStatTests
{
    private const string OddLine = "1234 (my (odd) prog) S 1 1234 1233 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 3 0 987654 1000000 200 18446744073709551615\n";

    [Fact]
    public void TryParse_CommandWithSpacesAndParens_ReadsTheFieldsAfterTheLastParen()
    {
        var line = Encoding.UTF8.GetBytes(OddLine);

        Assert.True(ProcStat.TryParse(1234, line, out var stat, out var comm));

        Assert.Equal(new ProcStat(1234, 'S', 1, 1234, 1233, 987654, 3), stat);
        Assert.Equal("my (odd) prog", Encoding.UTF8.GetString(line.AsSpan()[comm]));
    }

    [Fact]
    public void TryParse_NegativeAndHugeFieldsBetween_StillReadsTheStartTime()
    {
        // tpgid is -1 for a process without a terminal; priority is negative for a real-time one; a skipped counter may
        // pass a long's range.
        var line = Encoding.UTF8.GetBytes("7 (rt) R 2 0 0 0 -1 69238880 99999999999999999999 0 0 0 0 0 0 0 -51 0 1 0 42 0 0\n");

        Assert.True(ProcStat.TryParse(7, line, out var stat, out _));

        Assert.Equal(('R', 2, 1, 42L), (stat.State, stat.ParentPid, stat.Threads, stat.StartTime));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234 (prog")]
    [InlineData("1234 (prog) S 1 1234 1233 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 3 0")] // ends before field 22
    [InlineData("1234 (prog) S 1 x 1233 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 3 0 987654")] // a field that is no number
    [InlineData("1234 (prog) S 1 1234 1233 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 3 0 -5 1")] // a start time below 0
    [InlineData("1234 (prog)S 1 1234 1233 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 3 0 987654")]
    public void TryParse_MalformedLine_IsRefused(string text)
    {
        Assert.False(ProcStat.TryParse(1234, Encoding.UTF8.GetBytes(text), out var stat, out _));
        Assert.Equal(default, stat);
    }

    [LinuxFact]
    public void TryRead_Self_AgreesWithTheLineTheKernelWrites()
    {
        var text = File.ReadAllText("/proc/self/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');

        Assert.True(ProcStat.TryRead(Environment.ProcessId, out var stat));
        Assert.True(ProcStat.TryReadThread(Environment.ProcessId, Environment.ProcessId, out var main, out var name));

        Assert.Equal(long.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture), stat.StartTime);
        Assert.Equal(int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), stat.ParentPid);
        Assert.Equal(stat.StartTime, main.StartTime);
        Assert.Equal(text[(text.IndexOf('(') + 1)..text.LastIndexOf(')')], name);
        Assert.True(main.Threads > 1); // the test host runs threads of its own
    }
}
