// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using Nerdbank.Streams;
using Wtt.Transports.Protocol;
using Wtt.Transports.Rpc;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Client;

/// <summary>Output streams in multiplexed channels: cancellation, errors, flow control, the JSON fallback and the record codec.</summary>
public sealed class OutputChannelsTests
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
        Assert.Equal("scripted: the log went away", error.Message);
        Assert.Equal(AgentHarness.Machine, error.Machine);
    }

    [Fact(Timeout = Timeout)]
    public async Task TailLog_ChunksBiggerThanAMuxFrame_ArriveWholeWithTheirOffsets()
    {
        await using var agent = await StartAsync();
        agent.Fake.ChunkCount = 3;
        agent.Fake.ChunkBytes = 200_000;
        var client = await agent.ClientAsync();

        var chunks = new List<OutputChunk>();
        await foreach (var chunk in client.TailLogAsync(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine)))
        {
            chunks.Add(chunk);
        }

        Assert.Equal([200_000, 200_000, 200_000], chunks.Select(c => c.Data.Length));
        Assert.Equal([0L, 200_000L, 400_000L], chunks.Select(c => c.Offset));
    }

    [Fact(Timeout = Timeout)]
    public async Task TailLog_ChunkBiggerThanARecord_ArrivesInPiecesWithTheirOffsets()
    {
        await using var agent = await StartAsync();
        agent.Fake.ChunkCount = 1;
        agent.Fake.ChunkBytes = OutputRecord.MaxData + 1000;
        var client = await agent.ClientAsync();

        var chunks = new List<OutputChunk>();
        await foreach (var chunk in client.TailLogAsync(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine)))
        {
            chunks.Add(chunk);
        }

        Assert.Equal([OutputRecord.MaxData, 1000], chunks.Select(c => c.Data.Length));
        Assert.Equal([0L, OutputRecord.MaxData], chunks.Select(c => c.Offset));
    }

    [Fact(Timeout = Timeout)]
    public async Task TailLog_ReaderStalls_OnlyItsOwnStreamWaits()
    {
        await using var agent = await StartAsync();
        agent.Fake.ChunkCount = int.MaxValue;
        agent.Fake.ChunkBytes = 64 * 1024;
        var client = await agent.ClientAsync();

        // One stream read once and then left alone: the agent fills its channel's window and waits.
        await using var stalled = client.TailLogAsync(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine)).GetAsyncEnumerator();
        Assert.True(await stalled.MoveNextAsync());

        // Calls and other streams on the same connection keep flowing.
        Assert.NotNull(await client.GetProcessInfoAsync(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine)));
        var other = 0;
        await foreach (var chunk in client.ReadOutputAsync(new WttProcessHandle(WttProcessId.New(), AgentHarness.Machine)))
        {
            if (++other == 50)
            {
                break;
            }
        }

        // The stalled stream never ran further ahead than its window (and the pipes' buffers) allow.
        Assert.True(agent.Fake.ChunksProduced < 50 + (4 * WttMultiplexing.WindowBytes / agent.Fake.ChunkBytes) + 50, $"{agent.Fake.ChunksProduced} chunks produced");
        Assert.True(await stalled.MoveNextAsync());
    }

    [Fact(Timeout = Timeout)]
    public async Task TailLog_ConnectionDrops_FailsWithMachineUnreachable()
    {
        var transport = new InMemoryTransport();
        var fake = new ScriptedWttClient { ChunkCount = int.MaxValue, ChunkBytes = 1024 };
        var server = await WttAgentServer.StartAsync(fake, transport, new Uri($"memory://channels-{Guid.NewGuid():N}"), new WttAgentServerOptions { Security = { SharedSecret = AgentHarness.Secret } });
        await using var client = await RemoteWttClient.ConnectAsync(transport, server.Address, new RemoteWttClientOptions { SharedSecret = AgentHarness.Secret });

        var error = await Assert.ThrowsAsync<WttException>(async () =>
        {
            var read = 0;
            await foreach (var chunk in client.TailLogAsync(new WttProcessHandle(WttProcessId.New())))
            {
                if (++read == 2)
                {
                    await server.DisposeAsync();
                }
            }
        });

        Assert.Equal(WttErrorCode.MachineUnreachable, error.ErrorCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task TailLog_RunsOnASecondConnection_OpenedOnTheFirstStream_AndOpenedAgainAfterALoss()
    {
        var transport = new InMemoryTransport();
        var fake = new ScriptedWttClient { ChunkCount = 3 };
        await using var server = await WttAgentServer.StartAsync(fake, transport, new Uri($"memory://channels-{Guid.NewGuid():N}"), new WttAgentServerOptions { Security = { SharedSecret = AgentHarness.Secret } });
        await using var client = await RemoteWttClient.ConnectAsync(transport, server.Address, new RemoteWttClientOptions { SharedSecret = AgentHarness.Secret });
        var process = new WttProcessHandle(WttProcessId.New());
        Assert.Equal(1, server.ConnectionCount);

        Assert.Equal(3, await client.TailLogAsync(process).CountAsync());
        Assert.Equal(2, server.ConnectionCount);
        Assert.Equal(3, await client.TailLogAsync(process).CountAsync());
        Assert.Equal(2, server.ConnectionCount);

        // Both connections dropped. A stream that races the loss fails as a call would (MachineUnreachable, outcome unknown);
        // the next one opens a streams connection again.
        server.DropConnections();
        await client.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        int count;
        try
        {
            count = await client.TailLogAsync(process).CountAsync();
        }
        catch (WttException ex) when (ex.ErrorCode == WttErrorCode.MachineUnreachable)
        {
            count = await client.TailLogAsync(process).CountAsync();
        }

        Assert.Equal(3, count);
    }

    [Fact(Timeout = Timeout)]
    public async Task TailLog_ClientWithoutMultiplexing_StreamsThroughTheJsonEnumerable()
    {
        var transport = new InMemoryTransport();
        var fake = new ScriptedWttClient { ChunkCount = 5 };
        await using var server = await WttAgentServer.StartAsync(fake, transport, new Uri($"memory://channels-{Guid.NewGuid():N}"), new WttAgentServerOptions { Security = { SharedSecret = AgentHarness.Secret } });
        await using var client = await RemoteWttClient.ConnectAsync(transport, server.Address, new RemoteWttClientOptions { SharedSecret = AgentHarness.Secret, UseMultiplexing = false });

        var lines = new List<string>();
        await foreach (var chunk in client.TailLogAsync(new WttProcessHandle(WttProcessId.New())))
        {
            lines.Add(chunk.Text());
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"line {i}\n"), lines);
    }

    [Fact]
    public void OutputRecord_ChunkWrittenThenRead_GivesTheSameChunk()
    {
        var chunk = new OutputChunk(WttProcessId.New(), OutputSource.StandardError, 1L << 40, new byte[] { 1, 2, 3, 0, 255 }) { LogName = "main.log", Restarted = true };
        var buffer = new Sequence<byte>();

        OutputRecord.WriteChunk(buffer, chunk);
        var bytes = buffer.AsReadOnlySequence;
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(0, 4).ToArray());
        var read = Assert.IsType<OutputChunk>(OutputRecord.Parse(bytes.Slice(4)));

        Assert.Equal(bytes.Length - 4, length);
        Assert.Equal(chunk.ProcessId, read.ProcessId);
        Assert.Equal(chunk.Source, read.Source);
        Assert.Equal(chunk.Offset, read.Offset);
        Assert.Equal(chunk.Data.ToArray(), read.Data.ToArray());
        Assert.Equal("main.log", read.LogName);
        Assert.Null(read.Machine);
        Assert.True(read.Restarted);
    }

    [Fact]
    public void OutputRecord_EndWrittenThenRead_KeepsTheError()
    {
        var id = WttProcessId.New();
        var buffer = new Sequence<byte>();

        OutputRecord.WriteEnd(buffer, new WireStreamEnd(nameof(WttErrorCode.UnknownProcess), "gone", id, "m1"));
        var read = Assert.IsType<WireStreamEnd>(OutputRecord.Parse(buffer.AsReadOnlySequence.Slice(4)));

        Assert.Equal(new WireStreamEnd(nameof(WttErrorCode.UnknownProcess), "gone", id, "m1"), read);
    }

    [Fact]
    public void OutputRecord_Truncated_IsAProtocolError()
    {
        var error = Assert.Throws<WttException>(() => OutputRecord.Parse(new ReadOnlySequence<byte>(new byte[] { OutputRecord.ChunkKind, 0, 0, 0 })));

        Assert.Equal(WttErrorCode.ProtocolError, error.ErrorCode);
    }

    private static Task<AgentHarness> StartAsync()
        => AgentHarness.StartAsync(new InMemoryTransport(), new Uri($"memory://channels-{Guid.NewGuid():N}"));
}
