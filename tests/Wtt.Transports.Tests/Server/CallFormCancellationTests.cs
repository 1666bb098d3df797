// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Server;

/// <summary>
/// <c>open</c> and <c>info</c> each have a form without a machine, run under the connection's token, and a form with a
/// machine, run under the call's own token: the end of the connection cancels the first, <c>$/cancelRequest</c> the second.
/// </summary>
public sealed class CallFormCancellationTests
{
    private const int Timeout = 30_000;
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(10);

    [Theory(Timeout = Timeout)]
    [InlineData("open")]
    [InlineData("info")]
    public async Task FormWithoutAMachine_ConnectionEnds_TheServedCallIsCancelled(string method)
    {
        var (fake, started, cancelled) = Blocking(method);
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), fake: fake);
        var raw = await RawRpc.ConnectAsync(agent.Server.Address.Port, AgentHarness.Secret);

        await raw.WriteFrameAsync(RawRpc.Request(1, method, $"[\"{Guid.NewGuid()}\",\"{WttProcessId.New()}\"]"));
        await started.Task;
        raw.Dispose();

        await cancelled.Task;
    }

    [Theory(Timeout = Timeout)]
    [InlineData("open")]
    [InlineData("info")]
    public async Task FormWithAMachine_CancelRequest_CancelsTheServedCall(string method)
    {
        var (fake, started, cancelled) = Blocking(method);
        await using var agent = await AgentHarness.StartAsync(new TcpTransport(), new Uri("tcp://127.0.0.1:0"), fake: fake);
        using var raw = await RawRpc.ConnectAsync(agent.Server.Address.Port, AgentHarness.Secret);

        await raw.WriteFrameAsync(RawRpc.Request(7, method, $"[\"{Guid.NewGuid()}\",\"{WttProcessId.New()}\",\"lab-2\"]"));
        await started.Task;
        await raw.WriteFrameAsync(RawRpc.CancelRequest(7));
        await cancelled.Task;
        var answer = await raw.ReadFrameAsync(messagePack: false, AnswerLimit);

        Assert.Equal(7, (int?)answer?["id"]);
        Assert.Equal(-32800, (int?)answer?["error"]?["code"]);
    }

    /// <summary>A served client whose calls of <paramref name="method"/> block until cancelled, and what tells their start and cancellation.</summary>
    private static (ScriptedWttClient Fake, TaskCompletionSource Started, TaskCompletionSource Cancelled) Blocking(string method)
    {
        if (method == "open")
        {
            var opens = new ScriptedWttClient { BlockOpens = true };
            return (opens, opens.OpenStarted, opens.OpenCancelled);
        }

        var infos = new ScriptedWttClient { BlockInfos = true };
        return (infos, infos.InfoStarted, infos.InfoCancelled);
    }
}
