// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports.Rpc;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Server;

/// <summary>
/// The calls the agent answers from its own state run on the thread that read their request when it came alone
/// (<see cref="InlineSynchronizationContext"/>), and in order on one thread of the pool when it came with others; one that
/// waits all the same must not hold up the connection's other calls.
/// </summary>
public sealed class InlineDispatchTests
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(10);

    [Fact(Timeout = Timeout)]
    public async Task AnInlineCallThatWaits_TheConnectionsNextCallIsAnsweredMeanwhile()
    {
        var fake = new ScriptedWttClient { BlockOpens = true, CurrentInfo = ScriptedWttClient.SampleInfo(WttProcessId.New()) };
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), fake: fake);
        using var raw = await RawRpc.ConnectAsync(agent.Server.Address.Port, AgentHarness.Secret);

        await raw.WriteFrameAsync(RawRpc.Request(1, "open", $"[\"{Guid.NewGuid()}\",\"{WttProcessId.New()}\"]"));
        await fake.OpenStarted.Task;
        await raw.WriteFrameAsync(RawRpc.Request(2, "currentInfo", $"[\"{Guid.NewGuid()}\"]"));
        var answer = await raw.ReadFrameAsync(messagePack: false, AnswerLimit);

        Assert.Equal(2, (int?)answer?["id"]);
        Assert.Equal(fake.CurrentInfo.Id.ToString(), (string?)answer?["result"]?["id"]);
        Assert.False(fake.OpenCancelled.Task.IsCompleted, "the blocked open is still pending");
    }

    [Fact(Timeout = Timeout)]
    public async Task AnInlineCallThatCameAlone_RunsOnTheReadingThread_SoTheNextRequestIsReadOnlyAfterIt()
    {
        // currentInfo blocks its thread until the list behind it reaches the served client, or 2 s pass. Run on the
        // thread that read it, it holds up the reading of the list, so the list comes after it; run on the thread pool,
        // the list would come while it blocks. The list is sent once currentInfo runs, so currentInfo came alone.
        using var listReceived = new ManualResetEventSlim();
        using var currentInfoStarted = new ManualResetEventSlim();
        var fake = new ScriptedWttClient { CurrentInfo = ScriptedWttClient.SampleInfo(WttProcessId.New()) };
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        fake.DuringCurrentInfo = () =>
        {
            currentInfoStarted.Set();
            _ = listReceived.Wait(TimeSpan.FromSeconds(2));
            order.Enqueue("currentInfo answered");
        };
        fake.DuringList = () =>
        {
            order.Enqueue("list received");
            listReceived.Set();
        };
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), fake: fake);
        using var raw = await RawRpc.ConnectAsync(agent.Server.Address.Port, AgentHarness.Secret);

        await raw.WriteFrameAsync(RawRpc.Request(1, "currentInfo", $"[\"{Guid.NewGuid()}\"]"));
        Assert.True(currentInfoStarted.Wait(AnswerLimit), "currentInfo reached the served client");
        await raw.WriteFrameAsync(RawRpc.Request(2, "list", $"[\"{Guid.NewGuid()}\",null]"));
        var first = await raw.ReadFrameAsync(messagePack: false, AnswerLimit);
        var second = await raw.ReadFrameAsync(messagePack: false, AnswerLimit);

        Assert.Equal([1, 2], new[] { (int?)first?["id"], (int?)second?["id"] });
        Assert.Equal(["currentInfo answered", "list received"], order);
    }

    [Fact(Timeout = Timeout)]
    public async Task InlineCallsThatCameInOneRead_RunInOrderOffTheReadingThread_WhileTheConnectionReadsOn()
    {
        // Two currentInfo requests and a list in one write, so in one read. The first currentInfo blocks its thread until
        // the list reaches the served client: run on the reading thread, it would wait its whole limit and see nothing.
        // The second starts only once the first ended: run each on the pool, it would start while the first waits.
        using var listReceived = new ManualResetEventSlim();
        var calls = 0;
        var firstSawList = false;
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var fake = new ScriptedWttClient { CurrentInfo = ScriptedWttClient.SampleInfo(WttProcessId.New()) };
        fake.DuringCurrentInfo = () =>
        {
            var call = Interlocked.Increment(ref calls);
            order.Enqueue($"currentInfo {call} started");
            if (call == 1)
            {
                firstSawList = listReceived.Wait(AnswerLimit);
            }

            order.Enqueue($"currentInfo {call} ended");
        };
        fake.DuringList = listReceived.Set;
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), fake: fake);
        using var raw = await RawRpc.ConnectAsync(agent.Server.Address.Port, AgentHarness.Secret);

        await raw.Stream.WriteAsync((byte[])[
            .. RawRpc.Frame(RawRpc.Request(1, "currentInfo", $"[\"{Guid.NewGuid()}\"]")),
            .. RawRpc.Frame(RawRpc.Request(2, "currentInfo", $"[\"{Guid.NewGuid()}\"]")),
            .. RawRpc.Frame(RawRpc.Request(3, "list", $"[\"{Guid.NewGuid()}\",null]"))]);
        var answers = new[]
        {
            await raw.ReadFrameAsync(messagePack: false, AnswerLimit),
            await raw.ReadFrameAsync(messagePack: false, AnswerLimit),
            await raw.ReadFrameAsync(messagePack: false, AnswerLimit),
        };

        Assert.Equal([1, 2, 3], answers.Select(a => (int?)a?["id"]).Order());
        Assert.True(firstSawList, "the list was read and served while the first currentInfo blocked");
        Assert.Equal(["currentInfo 1 started", "currentInfo 1 ended", "currentInfo 2 started", "currentInfo 2 ended"], order);
    }

    [Fact(Timeout = Timeout)]
    public async Task APostMarkedInline_RunsAtOnceOnThePostingThread()
    {
        var context = new InlineSynchronizationContext(new Microsoft.VisualStudio.Threading.NonConcurrentSynchronizationContext(sticky: false));
        var thread = Environment.CurrentManagedThreadId;
        var ranOn = -1;

        InlineSynchronizationContext.RunNextPostInline();
        context.Post(_ => ranOn = Environment.CurrentManagedThreadId, null);

        Assert.Equal(thread, ranOn);
        await Task.CompletedTask;
    }

    [Fact(Timeout = Timeout)]
    public async Task OnlyTheMarkedPostRunsInline_TheNextGoesToTheThreadPool()
    {
        var context = new InlineSynchronizationContext(new Microsoft.VisualStudio.Threading.NonConcurrentSynchronizationContext(sticky: false));
        var thread = Environment.CurrentManagedThreadId;
        var firstOn = -1;
        using var posted = new ManualResetEventSlim();
        var second = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        InlineSynchronizationContext.RunNextPostInline();
        context.Post(_ => firstOn = Environment.CurrentManagedThreadId, null);
        context.Post(_ => second.SetResult(posted.Wait(AnswerLimit)), null);
        posted.Set();

        Assert.Equal(thread, firstOn);
        Assert.True(await second.Task, "the unmarked post ran after Post returned (on the thread pool), not inside it");
    }

    [Fact(Timeout = Timeout)]
    public async Task AClearedMark_IsNotTakenByALaterPost()
    {
        var context = new InlineSynchronizationContext(new Microsoft.VisualStudio.Threading.NonConcurrentSynchronizationContext(sticky: false));
        using var posted = new ManualResetEventSlim();
        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        InlineSynchronizationContext.RunNextPostInline();
        InlineSynchronizationContext.ClearMark();
        context.Post(_ => ran.SetResult(posted.Wait(AnswerLimit)), null);
        posted.Set();

        Assert.True(await ran.Task, "the post ran after Post returned (on the thread pool), not inside it");
    }

    [Fact(Timeout = Timeout)]
    public async Task PostsMarkedInOrder_RunOneAtATime_InTheirOrder_OffThePostingThread()
    {
        var context = new InlineSynchronizationContext(new Microsoft.VisualStudio.Threading.NonConcurrentSynchronizationContext(sticky: false));
        var thread = Environment.CurrentManagedThreadId;
        using var release = new ManualResetEventSlim();
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var firstOn = thread;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        InlineSynchronizationContext.RunNextPostInOrder();
        context.Post(
            _ =>
            {
                firstOn = Environment.CurrentManagedThreadId;
                order.Enqueue("first started");
                _ = release.Wait(AnswerLimit);
                order.Enqueue("first ended");
            },
            null);
        InlineSynchronizationContext.RunNextPostInOrder();
        context.Post(
            _ =>
            {
                order.Enqueue("second ran");
                done.SetResult();
            },
            null);
        release.Set();
        await done.Task;

        Assert.NotEqual(thread, firstOn);
        Assert.Equal(["first started", "first ended", "second ran"], order);
    }
}
