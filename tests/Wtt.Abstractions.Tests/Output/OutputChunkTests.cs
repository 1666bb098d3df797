// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;

namespace Wtt.Tests.Output;

public sealed class OutputChunkTests
{
    [Fact]
    public void Text_DecodesUtf8()
    {
        var chunk = new OutputChunk(WttProcessId.New(), OutputSource.StandardOutput, 0, Encoding.UTF8.GetBytes("héllo\n"));

        Assert.Equal("héllo\n", chunk.Text());
    }

    [Fact]
    public void OutputReadOptions_Default_FollowsWithStandardError()
    {
        Assert.True(OutputReadOptions.Default.Follow);
        Assert.True(OutputReadOptions.Default.IncludeStandardError);
    }
}
