// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;
using Wtt.Core.Logs;

namespace Wtt.Core.Tests.Logs;

public sealed class LogTailerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("wtt-tail-").FullName;
    private readonly string path;
    private volatile bool ended;

    public LogTailerTests() => path = Path.Combine(folder, "app.log");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task Read_FollowsAppendsUntilTheWriterEnds()
    {
        await File.WriteAllTextAsync(path, "one\n");
        await using var tail = Tail(TailOptions.Default).GetAsyncEnumerator();

        Assert.Equal("one\n", await NextTextAsync(tail));
        await File.AppendAllTextAsync(path, "two\n");
        Assert.Equal("two\n", await NextTextAsync(tail));
        Assert.Equal(4, tail.Current.Offset);

        ended = true;
        await File.AppendAllTextAsync(path, "three\n");
        Assert.Equal("three\n", await NextTextAsync(tail));
        Assert.False(await tail.MoveNextAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_LastBytesAndOffset_StartWhereAsked()
    {
        await File.WriteAllTextAsync(path, "0123456789");

        Assert.Equal("789", await ReadAllAsync(new TailOptions { Start = TailStart.LastBytes, Offset = 3, Follow = false }));
        Assert.Equal("456789", await ReadAllAsync(new TailOptions { Start = TailStart.Offset, Offset = 4, Follow = false }));
        Assert.Equal(string.Empty, await ReadAllAsync(new TailOptions { Start = TailStart.End, Follow = false }));
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_Truncated_StartsOverAndSaysSo()
    {
        await File.WriteAllTextAsync(path, "a long first line\n");
        await using var tail = Tail(TailOptions.Default).GetAsyncEnumerator();
        Assert.Equal("a long first line\n", await NextTextAsync(tail));

        await File.WriteAllTextAsync(path, "new\n");

        Assert.Equal("new\n", await NextTextAsync(tail));
        Assert.True(tail.Current.Restarted);
        Assert.Equal(0, tail.Current.Offset);
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_Rotated_FollowsTheNewFile()
    {
        await File.WriteAllTextAsync(path, "before rotation\n");
        await using var tail = Tail(TailOptions.Default).GetAsyncEnumerator();
        Assert.Equal("before rotation\n", await NextTextAsync(tail));

        File.Move(path, path + ".1");
        await File.WriteAllTextAsync(path, "after rotation, a longer line than before\n");

        Assert.Equal("after rotation, a longer line than before\n", await NextTextAsync(tail));
        Assert.True(tail.Current.Restarted);
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_FileNotThereYet_WaitsForIt()
    {
        await using var tail = Tail(TailOptions.Default).GetAsyncEnumerator();
        var next = NextTextAsync(tail);

        await File.WriteAllTextAsync(path, "late\n");

        Assert.Equal("late\n", await next);
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_PathIsASymbolicLink_IsRefusedWithAccessDenied_AndReturnsNothingOfTheTarget()
    {
        var secret = Path.Combine(folder, "secret");
        await File.WriteAllTextAsync(secret, "root:secret-hash\n");
        File.CreateSymbolicLink(path, secret);
        var chunks = new List<OutputChunk>();

        var error = await Assert.ThrowsAsync<WttException>(async () =>
        {
            await foreach (var chunk in Tail(TailOptions.Default))
            {
                chunks.Add(chunk);
            }
        });

        Assert.Equal(WttErrorCode.AccessDenied, error.ErrorCode);
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Empty(chunks);
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_RotatedToASymbolicLink_IsRefused_AndTheOtherFileIsNeverRead()
    {
        var secret = Path.Combine(folder, "secret");
        await File.WriteAllTextAsync(secret, "root:secret-hash\n");
        await File.WriteAllTextAsync(path, "before the swap\n");
        await using var tail = Tail(TailOptions.Default).GetAsyncEnumerator();
        Assert.Equal("before the swap\n", await NextTextAsync(tail));

        File.Move(path, path + ".1");
        File.CreateSymbolicLink(path, secret);

        var error = await Assert.ThrowsAsync<WttException>(async () => await tail.MoveNextAsync());
        Assert.Equal(WttErrorCode.AccessDenied, error.ErrorCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Read_PathIsAFifo_IsRefusedWithoutBlocking()
    {
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var error = await Assert.ThrowsAsync<WttException>(() => ReadAllAsync(TailOptions.Default));

        Assert.Equal(WttErrorCode.AccessDenied, error.ErrorCode);
        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveForRegistration_ALinkAtRegistration_RecordsTheFileItNamesThen()
    {
        var real = Path.Combine(folder, "real.log");
        await File.WriteAllTextAsync(real, "x\n");
        File.CreateSymbolicLink(path, real);

        Assert.Equal(real, LogFileOpener.ResolveForRegistration(path));
        Assert.Equal(real, LogFileOpener.ResolveForRegistration(real));
    }

    private IAsyncEnumerable<OutputChunk> Tail(TailOptions options)
        => new LogTailer(WttProcessId.New(), new LogFileInfo("app.log", path), TimeProvider.System, TimeSpan.FromMilliseconds(20)).ReadAsync(options, () => ended, CancellationToken.None);

    private async Task<string> ReadAllAsync(TailOptions options)
    {
        var text = new StringBuilder();
        await foreach (var chunk in Tail(options))
        {
            text.Append(chunk.Text());
        }

        return text.ToString();
    }

    private static async Task<string> NextTextAsync(IAsyncEnumerator<OutputChunk> tail)
    {
        Assert.True(await tail.MoveNextAsync());
        return tail.Current.Text();
    }
}
