// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;

namespace Wtt.ClientContracts;

/// <summary>
/// The behaviour every <see cref="IWttClient"/> must show, whatever runs behind it. Subclass it once per
/// implementation; location transparency is this suite passing everywhere.
/// </summary>
public abstract partial class WttClientContractTests
{
    /// <summary>The timeout of every test, in milliseconds.</summary>
    protected const int TestTimeout = 60_000;

    private static readonly WaitOptions Briefly = WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Creates a fresh harness for one test.</summary>
    /// <returns>The harness.</returns>
    protected abstract ValueTask<IClientHarness> CreateHarnessAsync();

    [Fact(Timeout = TestTimeout)]
    public async Task CreateProcess_ExitingProcess_WaitReportsExitCode()
    {
        await using var h = await CreateHarnessAsync();
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "exit", "3"));

        var result = await h.Client.WaitAsync(ProcessSet.Of(p), Briefly);

        Assert.Equal(WaitOutcome.Satisfied, result.Outcome);
        Assert.Equal(-1, result.Index);
        var entry = Assert.Single(result.Entries);
        Assert.Equal((WaitEntryOutcome.Reached, ProcessStatus.Exited, 3), (entry.Outcome, entry.Status, entry.ExitCode));
        Assert.Equal(p.Id, entry.Id);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task CreateProcess_GivenIdParentAndGroup_AreStored()
    {
        await using var h = await CreateHarnessAsync();
        var (id, parent, group) = (WttProcessId.New(), WttProcessId.New(), WttProcessId.New());
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "block") with { Id = id, ParentId = parent, GroupId = group });
        try
        {
            var info = await h.Client.GetProcessInfoAsync(p);

            Assert.Equal(id, p.Id);
            Assert.Equal((id, parent, group), (info.Id, info.ParentId, info.GroupId));
            Assert.NotEqual(0, info.Pid);
            Assert.Equal(ProcessStatus.Running, info.Status);
        }
        finally
        {
            await h.Client.TerminateAsync(ProcessSet.Of(p), new TerminateOptions { GracePeriod = TimeSpan.Zero });
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task CreateProcess_MissingFile_ThrowsFileNotFoundAndLeavesNoRow()
    {
        await using var h = await CreateHarnessAsync();
        var spec = h.Missing() with { Id = WttProcessId.New() };

        var error = await Assert.ThrowsAsync<WttException>(async () => await h.Client.CreateProcessAsync(spec));

        Assert.Equal(WttErrorCode.FileNotFound, error.ErrorCode);
        var rows = await h.Client.GetProcessListAsync(new ProcessListOptions { Machine = h.Machine });
        Assert.DoesNotContain(rows, r => r.Id == spec.Id);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task CreateProcess_BadSpec_ThrowsInvalidArgument()
    {
        await using var h = await CreateHarnessAsync();

        var empty = await Assert.ThrowsAsync<WttException>(async () => await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain) with { FileName = " " }));
        var timeout = await Assert.ThrowsAsync<WttException>(async () => await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain) with { DebugTimeout = TimeSpan.FromSeconds(-2) }));

        Assert.Equal(WttErrorCode.InvalidArgument, empty.ErrorCode);
        Assert.Equal(WttErrorCode.InvalidArgument, timeout.ErrorCode);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task CreateProcess_DuplicateId_ThrowsDuplicateId()
    {
        await using var h = await CreateHarnessAsync();
        var spec = h.Script(ProcessKind.Plain, "exit", "0") with { Id = WttProcessId.New() };
        var first = await h.Client.CreateProcessAsync(spec);
        await h.Client.WaitAsync(ProcessSet.Of(first), Briefly);

        var error = await Assert.ThrowsAsync<WttException>(async () => await h.Client.CreateProcessAsync(spec));

        Assert.Equal(WttErrorCode.DuplicateId, error.ErrorCode);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task OpenProcess_NilOrUnknownId_Throws()
    {
        await using var h = await CreateHarnessAsync();

        var nil = await Assert.ThrowsAsync<WttException>(async () => await h.Client.OpenProcessAsync(WttProcessId.Nil, h.Machine));
        var unknown = await Assert.ThrowsAsync<WttException>(async () => await h.Client.OpenProcessAsync(WttProcessId.New(), h.Machine));

        Assert.Equal(WttErrorCode.InvalidArgument, nil.ErrorCode);
        Assert.Equal(WttErrorCode.UnknownProcess, unknown.ErrorCode);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task OpenProcess_KnownId_GivesAHandleThatReadsInfo()
    {
        await using var h = await CreateHarnessAsync();
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "exit", "7"));
        await h.Client.WaitAsync(ProcessSet.Of(p), Briefly);

        await using var opened = await h.Client.OpenProcessAsync(p.Id, h.Machine);
        var info = await h.Client.GetProcessInfoAsync(opened);

        Assert.Equal(p, opened);
        Assert.Equal(7, info.ExitCode);
        Assert.Equal(ProcessStatus.Exited, info.Status);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task GetProcessInfo_UnknownProcess_Throws()
    {
        await using var h = await CreateHarnessAsync();

        var error = await Assert.ThrowsAsync<WttException>(async () => await h.Client.GetProcessInfoAsync(new WttProcessHandle(WttProcessId.New(), h.Machine)));

        Assert.Equal(WttErrorCode.UnknownProcess, error.ErrorCode);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task GetProcessList_FilterByGroup_ListsOnlyTheGroup()
    {
        await using var h = await CreateHarnessAsync();
        var group = WttProcessId.New();
        var a = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "exit", "0") with { GroupId = group });
        var b = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "exit", "0") with { GroupId = group });
        var other = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "exit", "0"));

        var rows = await h.Client.GetProcessListAsync(new ProcessListOptions { Machine = h.Machine, Filter = ProcessSet.Group(group, h.Machine) });

        Assert.Equal(new[] { a.Id, b.Id }.Order(), rows.Select(r => r.Id).Order());
        Assert.DoesNotContain(rows, r => r.Id == other.Id);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task ReadOutput_PrintingProcess_GivesItsLinesInOrder()
    {
        await using var h = await CreateHarnessAsync();
        var p = await h.Client.CreateProcessAsync(h.Script(ProcessKind.Plain, "print", "one", "print", "two", "stderr", "oops", "exit", "0"));

        var text = new StringBuilder();
        await foreach (var chunk in h.Client.ReadOutputAsync(p, new OutputReadOptions { IncludeStandardError = false }))
        {
            Assert.Equal(OutputSource.StandardOutput, chunk.Source);
            text.Append(chunk.Text());
        }

        Assert.Equal("one\ntwo\n", text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static string Text(IEnumerable<OutputChunk> chunks)
        => string.Concat(chunks.Select(c => c.Text())).Replace("\r\n", "\n", StringComparison.Ordinal);
}
