// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using MessagePack;
using Snapshooter;
using Snapshooter.Xunit;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using Wtt.Transports.Protocol;

namespace Wtt.Transports.Tests.Protocol;

/// <summary>
/// Pins the MessagePack form of the wire (docs/protocol.md, "MessagePack encoding"): a request, its result and an error,
/// as the formatter writes them, shown as MessagePack-CSharp's JSON view, where a UUID's 16 bytes of bin read as base64
/// (the call id <c>0b9f0e36-...</c> is <c>C58ONopXTY6g9ZWxwvPgqg==</c>, the process id <c>3f2c1e8a-...</c> <c>PyweigAAQACAAAAAAAAAAQ==</c>). A change fails until
/// the snapshot is updated on purpose (delete the file, run the test once outside CI, review and commit it).
/// </summary>
public sealed class MessagePackWireSnapshotTests
{
    private const string SnapshotFile = "MessagePackWireSnapshotTests.Messages_MatchSnapshot.snap";
    private static readonly Guid CallId = Guid.Parse("0b9f0e36-8a57-4d8e-a0f5-95b1c2f3e0aa");
    private static readonly WttProcessId Id = WttProcessId.Parse("3f2c1e8a-0000-4000-8000-000000000001");

    [Fact]
    public void Messages_MatchSnapshot()
    {
        var folder = SourceFolder();
        var file = Path.Combine(folder, "__snapshots__", SnapshotFile);
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.True(File.Exists(file), $"The wire snapshot {file} is missing; run the test locally and commit the file.");
        }

        var text = new StringBuilder()
            .AppendLine(Encode(new JsonRpcRequest
            {
                RequestId = new RequestId(1),
                Method = WttProtocol.Open,
                ArgumentsList = [CallId, Id, null],
                ArgumentListDeclaredTypes = [typeof(Guid), typeof(WttProcessId), typeof(string)],
            }))
            .AppendLine(Encode(new JsonRpcResult { RequestId = new RequestId(1), Result = new WireHandle(Id, "lab-c"), ResultDeclaredType = typeof(WireHandle) }))
            .AppendLine(Encode(new JsonRpcResult
            {
                RequestId = new RequestId(2),
                Result = new WaitResult(WaitOutcome.DebugBreak, 0, [new WaitEntry(Id, null, WaitEntryOutcome.DebugBreak, ProcessStatus.Running) { HeartbeatAge = TimeSpan.FromSeconds(31) }]),
                ResultDeclaredType = typeof(WaitResult),
            }))
            .AppendLine(Encode(new JsonRpcError
            {
                RequestId = new RequestId(3),
                Error = new JsonRpcError.ErrorDetail
                {
                    Code = (JsonRpcErrorCode)WttJsonRpcErrorCodes.ToJsonRpc(WttErrorCode.UnknownProcess),
                    Message = "No process 3f2c1e8a-0000-4000-8000-000000000001 on lab-b.",
                    Data = new WireError(nameof(WttErrorCode.UnknownProcess), Id),
                },
            }))
            .ToString();

        Snapshot.Match(text, new SnapshotFullName(SnapshotFile, folder));
    }

    [Fact]
    public void Request_ReadBack_GivesTheArguments()
    {
        var formatter = WttMessagePack.CreateFormatter();
        var buffer = new ArrayBufferWriter<byte>();
        formatter.Serialize(buffer, new JsonRpcRequest { RequestId = new RequestId(1), Method = WttProtocol.Open, ArgumentsList = [CallId, Id, null] });

        var request = (JsonRpcRequest)formatter.Deserialize(new ReadOnlySequence<byte>(buffer.WrittenMemory));

        Assert.True(request.TryGetArgumentByNameOrIndex(null, 1, typeof(WttProcessId), out var id));
        Assert.Equal(Id, id);
        Assert.Equal(WttProtocol.Open, request.Method);
    }

    private static string Encode(JsonRpcMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WttMessagePack.CreateFormatter().Serialize(buffer, message);
        return MessagePackSerializer.ConvertToJson(buffer.WrittenMemory, WttMessagePack.Options);
    }

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
