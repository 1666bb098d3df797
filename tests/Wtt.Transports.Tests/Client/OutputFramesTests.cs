// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using Nerdbank.Streams;
using Wtt.Transports.Rpc;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Client;

/// <summary>Output streams as binary output frames: cancellation, errors, flow control, the JSON fallback and the frame codec.</summary>
public sealed class OutputFramesTests
{
    private const int Timeout = 20_000;

    [Fact(Timeout = Timeout)]
    public async Task TailLog_CallerStopsReading_AgentsStreamEnds()
    {
        await using var agent = await StartAsync();
        agent.Fake.ChunkCount = int.MaxValue;
        var client = await agent.ClientAsync();

        var read = 0;
        await foreach (var chunk in client.TailLogAsync(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine)))
        {
            if (++read == 3)
            {
                break;
            }
        }

        await agent.Fake.StreamEnded.Task;
        Assert.Equal(3, read);
    }

    [Fact(Timeout = Timeout)]
    public async Task TailLog_StreamFailsAfterChunks_GivesTheChunksThenTheErrorWithItsCode()
    {
        await using var agent = await StartAsync();
        agent.Fake.ChunkCount = 2;
        agent.Fake.StreamError = new WttException(WttErrorCode.LogNotRegistered, "scripted: the log went away");
        var client = await agent.ClientAsync();

        var chunks = new List<string>();
        var error = await Assert.ThrowsAsync<WttException>(async () =>
        {
            await foreach (var chunk in client.TailLogAsync(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine)))
            {
                chunks.Add(chunk.Text());
            }
        });

        Assert.Equal(["line 0\n", "line 1\n"], chunks);
        Assert.Equal(WttErrorCode.LogNotRegistered, error.ErrorCode);
        Assert.Equal(AgentHarness.Machine, error.Machine);
    }

    [Fact(Timeout = Timeout)]
    public async Task TailLog_ChunkBiggerThanAFrame_ArrivesInPiecesWithTheirOffsets()
    {
        await using var agent = await StartAsync();
        agent.Fake.ChunkCount = 2;
        agent.Fake.ChunkBytes = OutputFrame.MaxData + 1000;
        var client = await agent.ClientAsync();

        var chunks = new List<OutputChunk>();
        await foreach (var chunk in client.TailLogAsync(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine)))
        {
            chunks.Add(chunk);
        }

        Assert.Equal([OutputFrame.MaxData, 1000, OutputFrame.MaxData, 1000], chunks.Select(c => c.Data.Length));
        Assert.Equal([0L, OutputFrame.MaxData, OutputFrame.MaxData + 1000, (2L * OutputFrame.MaxData) + 1000], chunks.Select(c => c.Offset));
    }

    [Fact(Timeout = Timeout)]
    public async Task TailLog_ClientWithoutFrames_StreamsThroughTheJsonEnumerable()
    {
        var transport = new InMemoryTransport();
        var fake = new ScriptedWttClient { ChunkCount = 5 };
        await using var server = await WttAgentServer.StartAsync(fake, transport, new Uri($"memory://frames-{Guid.NewGuid():N}"), new WttAgentServerOptions { Security = { SharedSecret = AgentHarness.Secret } });
        await using var client = await RemoteWttClient.ConnectAsync(transport, server.Address, new RemoteWttClientOptions { SharedSecret = AgentHarness.Secret, UseOutputFrames = false });

        var lines = new List<string>();
        await foreach (var chunk in client.TailLogAsync(new WttProcessHandle(WttProcessId.New())))
        {
            lines.Add(chunk.Text());
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"line {i}\n"), lines);
    }

    [Fact(Timeout = Timeout)]
    public async Task Window_Full_WaitsUntilTheCallerAcknowledges()
    {
        var window = new OutputWindow();
        await window.ReserveAsync((int)OutputWindow.Bytes, CancellationToken.None);

        var next = window.ReserveAsync(1, CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);

        window.Release(OutputWindow.Bytes);
        await next;
    }

    [Fact(Timeout = Timeout)]
    public async Task Window_CallerGone_WaitEndsWithTheToken()
    {
        var window = new OutputWindow();
        await window.ReserveAsync((int)OutputWindow.Bytes, CancellationToken.None);
        using var stop = new CancellationTokenSource();

        var next = window.ReserveAsync(1, stop.Token).AsTask();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    [Fact]
    public void OutputFrame_WrittenThenRead_GivesTheSameChunk()
    {
        var chunk = new OutputChunk(WttProcessId.New(), OutputSource.StandardError, 1L << 40, new byte[] { 1, 2, 3, 0, 255 }) { LogName = "main.log", Restarted = true };
        var buffer = new Sequence<byte>();

        new OutputFrame(7, chunk).WriteTo(buffer);
        var bytes = buffer.AsReadOnlySequence;
        var prefix = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(0, 4).ToArray());
        var (stream, read) = OutputFrame.Read(bytes.Slice(4));

        Assert.Equal(OutputFrame.Marker | (uint)(bytes.Length - 4), prefix);
        Assert.Equal(7u, stream);
        Assert.Equal(chunk.ProcessId, read.ProcessId);
        Assert.Equal(chunk.Source, read.Source);
        Assert.Equal(chunk.Offset, read.Offset);
        Assert.Equal(chunk.Data.ToArray(), read.Data.ToArray());
        Assert.Equal("main.log", read.LogName);
        Assert.Null(read.Machine);
        Assert.True(read.Restarted);
    }

    [Fact]
    public void OutputFrame_Truncated_IsAProtocolError()
    {
        var error = Assert.Throws<WttException>(() => OutputFrame.Read(new ReadOnlySequence<byte>(new byte[10])));

        Assert.Equal(WttErrorCode.ProtocolError, error.ErrorCode);
    }

    private static Task<AgentHarness> StartAsync()
        => AgentHarness.StartAsync(new InMemoryTransport(), new Uri($"memory://frames-{Guid.NewGuid():N}"));
}
