// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using BenchmarkDotNet.Attributes;
using Nerdbank.Streams;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using StreamJsonRpc.Reflection;
using Wtt.Transports.Protocol;
using Wtt.Transports.Rpc;

namespace Wtt.Benchmarks.Rpc;

/// <summary>
/// What the agent does to one MessagePack request frame before its method runs: the envelope check (<c>WireEnvelope</c>), against
/// StreamJsonRpc's own reading of the same frame (the baseline), which every request costs anyway.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class EnvelopeCheckBenchmarks
{
    private readonly MessagePackFormatter formatter = WttMessagePack.CreateFormatter();
    private ReadOnlySequence<byte> frame;

    [GlobalSetup]
    public void Setup()
    {
        // The frame of an open, as the .NET client writes it.
        var request = new JsonRpcRequest
        {
            RequestId = new RequestId(42),
            Method = "open",
            ArgumentsList = [Guid.NewGuid(), WttProcessId.New()],
            ArgumentListDeclaredTypes = [typeof(Guid), typeof(WttProcessId)],
        };
        var buffer = new Sequence<byte>();
        formatter.Serialize(buffer, request);
        frame = new ReadOnlySequence<byte>(buffer.AsReadOnlySequence.ToArray());
    }

    [Benchmark(Baseline = true, Description = "StreamJsonRpc reads the frame (the request's envelope)")]
    public object Deserialize()
    {
        var message = formatter.Deserialize(frame);
        ((IJsonRpcMessageBufferManager)message).DeserializationComplete(message);
        return message;
    }

    [Benchmark(Description = "the agent's envelope check")]
    public object? Check() => WireEnvelope.CheckMessagePack(frame);
}
