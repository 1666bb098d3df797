// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Contract;

/// <summary>Every IWttClient call round-trips through an agent, whatever the transport.</summary>
public abstract partial class RemoteClientContractTests
{
    protected const int Timeout = 20_000;

    protected abstract IWttTransport Transport { get; }

    protected abstract Uri ListenAddress { get; }

    protected Task<AgentHarness> StartAsync(Action<WttAgentServerOptions>? server = null) => AgentHarness.StartAsync(Transport, ListenAddress, server);

    [Fact(Timeout = Timeout)]
    public async Task CreateProcess_RoundTripsSpec_ReturnsHandleOnThatMachine()
    {
        await using var agent = await StartAsync();
        var client = await agent.ClientAsync();
        var spec = new ProcessStartSpec("/bin/echo")
        {
            Arguments = ["a b", "", "c"],
            Environment = new Dictionary<string, string?> { ["A"] = "1", ["B"] = null },
            WorkingDirectory = "/tmp",
            Machine = AgentHarness.Machine,
            Id = WttProcessId.New(),
            ParentId = WttProcessId.New(),
            GroupId = WttProcessId.New(),
            Kind = ProcessKind.WttBased,
            CreationFlags = ProcessCreationFlags.NewSession | ProcessCreationFlags.Detached,
            RunAs = new ProcessCredentials("nobody"),
            CaptureOutput = false,
            LogFiles = ["/tmp/x.log"],
            DebugTimeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

        var handle = await client.CreateProcessAsync(spec);

        Assert.Equal(spec.Id, handle.Id);
        Assert.Equal(AgentHarness.Machine, handle.Machine);
        var received = Assert.IsType<ProcessStartSpec>(Assert.Single(agent.Fake.Received));
        Assert.Null(received.Machine);
        Assert.Equal(spec.Arguments, received.Arguments);
        Assert.Equal(spec.Environment, received.Environment);
        Assert.Equal(spec with { Machine = null, Arguments = received.Arguments, Environment = received.Environment, LogFiles = received.LogFiles }, received);
        Assert.Equal(spec.LogFiles, received.LogFiles);
    }

    [Fact(Timeout = Timeout)]
    public async Task OpenProcess_RoundTrips_HandleOnThatMachine()
    {
        await using var agent = await StartAsync();
        var client = await agent.ClientAsync();
        var id = WttProcessId.New();

        var handle = await client.OpenProcessAsync(id, AgentHarness.Machine);

        Assert.Equal(new WttProcessHandle(id, AgentHarness.Machine), handle);
        Assert.Equal((id, (string?)null), Assert.Single(agent.Fake.Received));
    }

    [Fact(Timeout = Timeout)]
    public async Task Signal_RoundTripsSetAndPayload_NamesTheMachineInEntries()
    {
        await using var agent = await StartAsync();
        var client = await agent.ClientAsync();
        var handles = new[] { new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine), new WttProcessHandle(WttProcessId.New(), "third-m") };
        var signal = WttSignal.Create("Reload", [1, 2, 3]);

        var result = await client.SignalAsync(ProcessSet.Of(handles), signal);

        var (set, sent) = ((ProcessSet, WttSignal))Assert.Single(agent.Fake.Received)!;
        Assert.Equal(ProcessSetKind.Handles, set.Kind);
        Assert.Equal([handles[0].Id, handles[1].Id], set.Handles.Select(h => h.Id));
        Assert.Equal([null, "third-m"], set.Handles.Select(h => h.Machine));
        Assert.Equal(signal, sent);
        var entry = Assert.Single(result.Entries);
        Assert.Equal(AgentHarness.Machine, entry.Machine);
        Assert.Equal(agent.Fake.SignalResult.Entries[0] with { Machine = AgentHarness.Machine }, entry);
    }

    [Fact(Timeout = Timeout)]
    public async Task Terminate_RoundTripsTreeAndOptions()
    {
        await using var agent = await StartAsync();
        var client = await agent.ClientAsync();
        var root = new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine);
        var options = new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(3), PoliteSignal = PosixSignal.SIGINT };

        var result = await client.TerminateAsync(ProcessSet.Tree(root), options);

        var (set, received) = ((ProcessSet, TerminateOptions?))Assert.Single(agent.Fake.Received)!;
        Assert.Equal(ProcessSetKind.Tree, set.Kind);
        Assert.Equal(root.Id, set.Handles[0].Id);
        Assert.Equal(options, received);
        Assert.Equal(SignalOutcome.Delivered, Assert.Single(result.Entries).Outcome);
    }

    [Fact(Timeout = Timeout)]
    public async Task Wait_RoundTripsGroupAndOptions_NamesTheMachineInEntries()
    {
        await using var agent = await StartAsync();
        var client = await agent.ClientAsync();
        var group = WttProcessId.New();
        var options = new WaitOptions { Mode = WaitMode.Any, Target = WaitTarget.Initialized, Timeout = TimeSpan.FromSeconds(7), DebugTimeout = System.Threading.Timeout.InfiniteTimeSpan };

        var result = await client.WaitAsync(ProcessSet.Group(group, AgentHarness.Machine), options);

        var (set, received) = ((ProcessSet, WaitOptions?))Assert.Single(agent.Fake.Received)!;
        Assert.Equal(ProcessSet.Group(group), set);
        Assert.Equal(options, received);
        Assert.Equal(agent.Fake.WaitResult.Outcome, result.Outcome);
        Assert.Equal(agent.Fake.WaitResult.Index, result.Index);
        Assert.Equal(agent.Fake.WaitResult.Entries[0] with { Machine = AgentHarness.Machine }, Assert.Single(result.Entries));
    }

    [Fact(Timeout = Timeout)]
    public async Task GetProcessInfo_RoundTripsEveryField()
    {
        await using var agent = await StartAsync();
        var client = await agent.ClientAsync();
        var id = WttProcessId.New();

        var info = await client.GetProcessInfoAsync(new WttProcessHandle(id, AgentHarness.Machine));

        AssertSameInfo(agent.Fake.Info with { Id = id, Machine = AgentHarness.Machine }, info);
    }

    [Fact(Timeout = Timeout)]
    public async Task GetCurrentProcessInfo_RoundTripsNullAndInfo()
    {
        await using var agent = await StartAsync();
        var client = await agent.ClientAsync();

        Assert.Null(await client.GetCurrentProcessInfoAsync());
        agent.Fake.CurrentInfo = agent.Fake.Info;
        AssertSameInfo(agent.Fake.Info with { Machine = AgentHarness.Machine }, (await client.GetCurrentProcessInfoAsync())!);
    }

    [Fact(Timeout = Timeout)]
    public async Task GetProcessList_RoundTripsFilterAndRows()
    {
        await using var agent = await StartAsync();
        var client = await agent.ClientAsync();
        var root = new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine);

        var list = await client.GetProcessListAsync(new ProcessListOptions { Machine = AgentHarness.Machine, Filter = ProcessSet.Tree(root), IncludeDetails = true, ResolveRemote = true });

        var options = Assert.IsType<ProcessListOptions>(Assert.Single(agent.Fake.Received));
        Assert.Null(options.Machine);
        Assert.True(options.IncludeDetails && options.ResolveRemote);
        Assert.Equal(ProcessSetKind.Tree, options.Filter!.Kind);
        Assert.Equal(new WttProcessHandle(root.Id), Assert.Single(options.Filter.Handles));
        Assert.Equal(agent.Fake.List.Count, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            AssertSameInfo(agent.Fake.List[i] with { Machine = AgentHarness.Machine }, list[i]);
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task TailLog_DeliversChunksInOrder_AndEnds()
    {
        await using var agent = await StartAsync();
        agent.Fake.ChunkCount = 200;
        var client = await agent.ClientAsync();
        var handle = new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine);

        var chunks = new List<OutputChunk>();
        await foreach (var chunk in client.TailLogAsync(handle, new TailOptions { LogName = "main", Start = TailStart.LastBytes, Offset = 10 }))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(200, chunks.Count);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"line {i}\n"), chunks.Select(c => c.Text()));
        Assert.All(chunks, c => Assert.Equal(AgentHarness.Machine, c.Machine));
        Assert.All(chunks, c => Assert.Equal("main", c.LogName));
        Assert.True(chunks.Zip(chunks.Skip(1)).All(p => p.First.Offset < p.Second.Offset));
        var (_, options) = ((WttProcessHandle, TailOptions?))Assert.Single(agent.Fake.Received)!;
        Assert.Equal(new TailOptions { LogName = "main", Start = TailStart.LastBytes, Offset = 10 }, options);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReadOutput_DeliversChunks_AndEnds()
    {
        await using var agent = await StartAsync();
        agent.Fake.ChunkCount = 3;
        var client = await agent.ClientAsync();

        var chunks = new List<OutputChunk>();
        await foreach (var chunk in client.ReadOutputAsync(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine), new OutputReadOptions { Follow = false }))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(["line 0\n", "line 1\n", "line 2\n"], chunks.Select(c => c.Text()));
        Assert.All(chunks, c => Assert.Equal(OutputSource.StandardOutput, c.Source));
    }

    [Theory(Timeout = Timeout)]
    [InlineData(WttErrorCode.UnknownProcess)]
    [InlineData(WttErrorCode.InvalidArgument)]
    [InlineData(WttErrorCode.AccessDenied)]
    [InlineData(WttErrorCode.MachineUnreachable)]
    [InlineData(WttErrorCode.Timeout)]
    public async Task Errors_KeepTheirCodeMessageAndIds(WttErrorCode code)
    {
        await using var agent = await StartAsync();
        var id = WttProcessId.New();
        agent.Fake.Error = new WttException(code, $"scripted {code}", null, id, code == WttErrorCode.MachineUnreachable ? "third-m" : null);
        var client = await agent.ClientAsync();

        var error = await Assert.ThrowsAsync<WttException>(async () => await client.GetProcessInfoAsync(new WttProcessHandle(id, AgentHarness.Machine)));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal($"scripted {code}", error.Message);
        Assert.Equal(id, error.ProcessId);
        Assert.Equal(code == WttErrorCode.MachineUnreachable ? "third-m" : AgentHarness.Machine, error.Machine);
    }

    [Fact(Timeout = Timeout)]
    public async Task Errors_InStreams_KeepTheirCode()
    {
        await using var agent = await StartAsync();
        agent.Fake.Error = new WttException(WttErrorCode.LogNotRegistered, "no such log");
        var client = await agent.ClientAsync();

        var error = await Assert.ThrowsAsync<WttException>(async () =>
        {
            await foreach (var chunk in client.TailLogAsync(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine)))
            {
                Assert.Fail("no chunk expected");
            }
        });

        Assert.Equal(WttErrorCode.LogNotRegistered, error.ErrorCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task Wait_CancelledByCaller_CancelsOnTheAgent()
    {
        await using var agent = await StartAsync();
        agent.Fake.BlockWaits = true;
        var client = await agent.ClientAsync();
        using var cancel = new CancellationTokenSource();

        var wait = client.WaitAsync(ProcessSet.Of(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine)), null, cancel.Token).AsTask();
        await agent.Fake.WaitStarted.Task;
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        await agent.Fake.WaitCancelled.Task;
        Assert.NotNull(await client.GetCurrentProcessInfoAsync() ?? agent.Fake.Info);
    }

    [Fact(Timeout = Timeout)]
    public async Task DisposingACreatedHandle_ReleasesItOnTheAgent()
    {
        await using var agent = await StartAsync();
        var client = await agent.ClientAsync();

        var handle = await client.CreateProcessAsync(new ProcessStartSpec("/bin/true"));
        await handle.DisposeAsync();

        var issued = Assert.Single(agent.Fake.Issued);
        Assert.True(issued.IsClosed);
    }

    private static void AssertSameInfo(ProcessInfo expected, ProcessInfo actual)
    {
        Assert.Equal(expected.Arguments, actual.Arguments);
        Assert.Equal(expected.LogFiles, actual.LogFiles);
        Assert.Equal(expected.Variations, actual.Variations);
        Assert.Equal(expected.Threads.Count, actual.Threads.Count);
        for (var i = 0; i < expected.Threads.Count; i++)
        {
            Assert.Equal(expected.Threads[i].Comments, actual.Threads[i].Comments);
            Assert.Equal(expected.Threads[i] with { Comments = actual.Threads[i].Comments }, actual.Threads[i]);
        }

        Assert.Equal(expected with { Arguments = actual.Arguments, LogFiles = actual.LogFiles, Variations = actual.Variations, Threads = actual.Threads }, actual);
    }
}
