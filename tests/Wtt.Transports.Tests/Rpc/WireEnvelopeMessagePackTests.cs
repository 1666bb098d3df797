// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using MessagePack;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using Wtt.Transports.Rpc;

namespace Wtt.Transports.Tests.Rpc;

/// <summary>
/// The agent's check of a MessagePack frame's envelope, on frames in one piece and on frames whose every byte lies in a segment of
/// its own (as a frame may arrive across the pipe's buffers), where no name can be read in place.
/// </summary>
public sealed class WireEnvelopeMessagePackTests
{
    public static TheoryData<bool> Splits => new() { false, true };

    [Theory]
    [MemberData(nameof(Splits))]
    public void Request_IsAccepted(bool split)
    {
        var frame = Frame(split, ("jsonrpc", "2.0"), ("id", 7L), ("method", "open"), ("params", Array.Empty<object>()));

        Assert.Null(WireEnvelope.CheckMessagePack(frame));
    }

    /// <summary>Where a wrong version stands in the frame, and whether the frame is split into one-byte segments.</summary>
    public static TheoryData<string, bool> WrongVersions => new()
    {
        { "first", false }, { "first", true },
        { "last", false }, { "last", true },
        { "before a key that is no string", false }, { "before a key that is no string", true },
    };

    [Theory]
    [MemberData(nameof(WrongVersions))]
    public void WrongVersion_IsAnInvalidRequestUnderItsId(string where, bool split)
    {
        var frame = where switch
        {
            "first" => Frame(split, ("jsonrpc", "2.1"), ("id", 7L), ("method", "open")),
            "last" => Frame(split, ("id", 7L), ("method", "open"), ("jsonrpc", "1.0")),
            _ => Frame(split, ("jsonrpc", "1.0"), (5L, "x"), ("id", 7L), ("method", "open")),
        };

        var rejection = Assert.IsType<WireEnvelope.Rejection>(WireEnvelope.CheckMessagePack(frame));

        Assert.Equal(JsonRpcErrorCode.InvalidRequest, rejection.Code);
        Assert.Equal(new RequestId(7), rejection.Id);
        Assert.Contains("\"jsonrpc\" must be \"2.0\"", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void VersionThatIsNoString_IsRefusedAndTheRestStillRead(bool split)
    {
        var frame = Frame(split, ("jsonrpc", 2L), ("id", "call-1"), ("method", "open"));

        var rejection = Assert.IsType<WireEnvelope.Rejection>(WireEnvelope.CheckMessagePack(frame));

        Assert.Equal(new RequestId("call-1"), rejection.Id);
        Assert.Contains("\"jsonrpc\" must be \"2.0\"", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void Response_IsRefusedWithoutItsId(bool split)
    {
        var frame = Frame(split, ("jsonrpc", "2.0"), ("id", 7L), ("result", "x"));

        var rejection = Assert.IsType<WireEnvelope.Rejection>(WireEnvelope.CheckMessagePack(frame));

        Assert.True(rejection.Id.IsEmpty);
        Assert.Contains("expects no responses", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void LongUnknownMember_IsSkipped(bool split)
    {
        var frame = Frame(split, ("jsonrpc", "2.0"), ("a-member-name-longer-than-any-the-check-knows", "x"), ("id", 7L), ("method", "open"));

        Assert.Null(WireEnvelope.CheckMessagePack(frame));
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void MethodThatIsNoString_IsRefused(bool split)
    {
        var frame = Frame(split, ("jsonrpc", "2.0"), ("id", 7L), ("method", 3L));

        var rejection = Assert.IsType<WireEnvelope.Rejection>(WireEnvelope.CheckMessagePack(frame));

        Assert.Contains("\"method\" must be a string", rejection.Message, StringComparison.Ordinal);
    }

    private static ReadOnlySequence<byte> Frame(bool split, params (object Name, object Value)[] members)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(members.Length);
        foreach (var (name, value) in members)
        {
            Write(ref writer, name);
            Write(ref writer, value);
        }

        writer.Flush();
        var bytes = buffer.WrittenMemory;
        return split ? OneBytePerSegment(bytes) : new ReadOnlySequence<byte>(bytes);
    }

    private static void Write(ref MessagePackWriter writer, object value)
    {
        switch (value)
        {
            case string text:
                writer.Write(text);
                break;
            case long number:
                writer.Write(number);
                break;
            case object[] array:
                writer.WriteArrayHeader(array.Length);
                break;
            default:
                throw new ArgumentException($"No writing for {value.GetType()}.", nameof(value));
        }
    }

    private static ReadOnlySequence<byte> OneBytePerSegment(ReadOnlyMemory<byte> bytes)
    {
        var first = new Segment(bytes[..1], 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.Slice(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
