// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Time.Testing;
using Wtt.Core.Tests.Contracts;

namespace Wtt.Core.Tests.Child;

public sealed partial class WttProcessContextTests : IAsyncLifetime
{
    private static readonly TimeSpan TestWait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryProcessTable table;
    private readonly InMemoryGlobalEventBus bus;
    private readonly InMemoryProcessStateStore store;
    private readonly WttProcessId parent = WttProcessId.New();
    private readonly WttProcessId group = WttProcessId.New();
    private readonly WttProcessId id;
    private WttProcessContext context = null!;

    public WttProcessContextTests()
    {
        table = new InMemoryProcessTable(time);
        bus = new InMemoryGlobalEventBus(table);
        store = new InMemoryProcessStateStore(time);
        id = table.Add(new ProcessRecord(WttProcessId.New()) { ParentId = parent, GroupId = group, Kind = ProcessKind.WttBased, Status = ProcessStatus.Running }).Id;
    }

    public Task InitializeAsync()
    {
        context = new WttProcessContext(id, table, bus, store, time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await table.DisposeAsync();
    }

    [Fact]
    public void Constructor_ReadsIdentityFromTheRow()
    {
        Assert.Equal((id, parent, group), (context.Id, context.ParentId, context.GroupId));
        Assert.Same(context.Monitor, context.Heartbeats);
        Assert.False(context.ShutdownToken.IsCancellationRequested);
    }

    [Fact]
    public void Constructor_NoRowOrNilId_Throws()
    {
        WttAssert.Throws(WttErrorCode.UnknownProcess, () => new WttProcessContext(WttProcessId.New(), table, bus, store, time));
        WttAssert.Throws(WttErrorCode.InvalidArgument, () => new WttProcessContext(WttProcessId.Nil, table, bus, store, time));
    }

    [Fact(Timeout = 10_000)]
    public async Task ReportInitialized_SetsTheRowStatusAndWakesTableWaiters()
    {
        var wait = table.WaitForChangeAsync(table.ChangeCounter, Timeout.InfiniteTimeSpan).AsTask();

        await context.ReportInitializedAsync();

        await wait.WaitAsync(TestWait);
        Assert.Equal(ProcessStatus.Initialized, Row().Status);
        Assert.Equal(ProcessStatus.Initialized, (await store.ReadAsync(id))!.LastStatus);
    }

    [Fact(Timeout = 10_000)]
    public async Task ReportInitialized_WhileAThreadIsStuck_TakesEffectOnRecovery()
    {
        using var worker = context.RegisterThread("worker", TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(ProcessStatus.NeedsAssistance, Row().Status);

        await context.ReportInitializedAsync();
        Assert.Equal(ProcessStatus.NeedsAssistance, Row().Status);

        worker.Beat();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ProcessStatus.Initialized, Row().Status);
    }

    [Fact]
    public void RegisterThread_RegistersWithTheMonitor()
    {
        using var worker = context.RegisterThread("worker", TimeSpan.FromSeconds(4));
        var info = Assert.Single(context.Heartbeats.GetThreads());
        Assert.Equal(("worker", TimeSpan.FromSeconds(4)), (info.Name, info.HeartbeatTimeout));
    }

    [Fact(Timeout = 10_000)]
    public async Task RecordVariation_AppendsInOrder()
    {
        var first = new VariationRecord("v1", VariationOutcome.Passed, TimeSpan.FromSeconds(1), time.GetUtcNow());
        var second = new VariationRecord("v2", VariationOutcome.Failed, TimeSpan.FromSeconds(2), time.GetUtcNow());

        await context.RecordVariationAsync(first);
        await context.RecordVariationAsync(second);

        Assert.Equal([first, second], (await store.ReadAsync(id))!.Variations);
    }

    [Fact(Timeout = 10_000)]
    public async Task RegisterLogFile_DefaultsTheNameToTheFileName_AndIsIdempotent()
    {
        var path = Path.Combine(Path.GetTempPath(), "wtt-logs", "server.log");

        var registered = await context.RegisterLogFileAsync(path);
        var again = await context.RegisterLogFileAsync(path);
        var named = await context.RegisterLogFileAsync(Path.Combine(Path.GetTempPath(), "other.log"), "trace");

        Assert.Equal(new LogFileInfo("server.log", Path.GetFullPath(path)), registered);
        Assert.Equal(registered, again);
        Assert.Equal("trace", named.Name);
        Assert.Equal(["server.log", "trace"], (await store.ReadAsync(id))!.LogFiles.Select(l => l.Name));
    }

    [Fact(Timeout = 10_000)]
    public async Task RegisterLogFile_SameNameForAnotherPath_ThrowsInvalidArgument()
    {
        await context.RegisterLogFileAsync("/var/log/a/app.log");

        await WttAssert.ThrowsAsync(WttErrorCode.InvalidArgument, async () => await context.RegisterLogFileAsync("/var/log/b/app.log"));
        await WttAssert.ThrowsAsync(WttErrorCode.InvalidArgument, async () => await context.RegisterLogFileAsync(" "));
        Assert.Single((await store.ReadAsync(id))!.LogFiles);
    }

    [Fact(Timeout = 10_000)]
    public async Task Tick_AfterThreadsChange_PublishesThemToTheStateDocument()
    {
        using var worker = context.RegisterThread("worker");
        using var scope = worker.PushComment("loading");

        time.Advance(TimeSpan.FromSeconds(1));
        await context.PendingPublish.WaitAsync(TestWait);

        var thread = Assert.Single((await store.ReadAsync(id))!.Threads);
        Assert.Equal("worker", thread.Name);
        Assert.Equal(["loading"], thread.Comments);

        scope.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));
        await context.PendingPublish.WaitAsync(TestWait);
        Assert.Empty(Assert.Single((await store.ReadAsync(id))!.Threads).Comments);
    }

    [Fact(Timeout = 10_000)]
    public async Task Tick_NothingChanged_DoesNotRewriteTheDocument()
    {
        using var worker = context.RegisterThread("worker");
        time.Advance(TimeSpan.FromSeconds(1));
        await context.PendingPublish.WaitAsync(TestWait);
        var written = (await store.ReadAsync(id))!.UpdatedAt;

        worker.Beat();
        time.Advance(TimeSpan.FromSeconds(1));
        await context.PendingPublish.WaitAsync(TestWait);

        Assert.Equal(written, (await store.ReadAsync(id))!.UpdatedAt);
    }

    [Fact(Timeout = 10_000)]
    public async Task Dispose_StopsTheLoopAndTheMonitor()
    {
        var attachedAt = Row().LastHeartbeat;
        await context.DisposeAsync();

        await context.Completion.WaitAsync(TestWait);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(attachedAt, Row().LastHeartbeat);
        Assert.Equal(ProcessStatus.Running, Row().Status);
    }

    private ProcessRecord Row() => table.TryGet(id, out var row) ? row : throw new InvalidOperationException("no row");
}
