// Copyright (c) Wtt developers. Licensed under the MIT license.

using MessagePack;
using Wtt.Transports.Protocol;

namespace Wtt.Transports.Tests.Protocol;

/// <summary>Every type of the contract survives the MessagePack form of the wire with every field.</summary>
public sealed class MessagePackWireTests
{
    private static readonly WttProcessId Id = WttProcessId.Parse("3f2c1e8a-0000-4000-8000-000000000001");

    [Fact]
    public void Uuids_AreWrittenAs16BytesOfBin_InBigEndianOrder()
    {
        byte[] expected = [0xc4, 16, 0x3f, 0x2c, 0x1e, 0x8a, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 1];

        Assert.Equal(expected, MessagePackSerializer.Serialize(Id, WttMessagePack.Options));
        Assert.Equal(expected, MessagePackSerializer.Serialize(Id.Value, WttMessagePack.Options));
        Assert.Equal(expected, MessagePackSerializer.Serialize<Guid?>(Id.Value, WttMessagePack.Options));
        Assert.Equal(Id, RoundTrip(Id));
        Assert.Equal(Id.Value, RoundTrip(Id.Value));
        Assert.Equal(Id, RoundTrip<WttProcessId?>(Id));
        Assert.Null(RoundTrip<Guid?>(null));
        Assert.Null(RoundTrip<WttProcessId?>(null));
    }

    [Fact]
    public void Uuids_WrittenAsStrings_AreReadToo()
    {
        // The form of the JSON text, which a peer written by hand may keep in MessagePack.
        var text = MessagePackSerializer.Serialize("3f2c1e8a-0000-4000-8000-000000000001");

        Assert.Equal(Id, MessagePackSerializer.Deserialize<WttProcessId>(text, WttMessagePack.Options));
        Assert.Equal(Id.Value, MessagePackSerializer.Deserialize<Guid>(text, WttMessagePack.Options));
        Assert.Equal(Id.Value, MessagePackSerializer.Deserialize<Guid?>(text, WttMessagePack.Options));
    }

    [Fact]
    public void Uuid_OfAnotherLength_IsRefused_SayingWhatAUuidIs()
    {
        var fifteen = MessagePackSerializer.Serialize(new byte[15]);

        var error = Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<WttProcessId>(fifteen, WttMessagePack.Options));

        Assert.Contains("16 bytes of bin or a 36-character string; this one is 15 bytes", error.InnerException?.Message ?? error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UuidsInRecordsAndLists_RoundTrip()
    {
        var error = new WireError(nameof(WttErrorCode.UnknownProcess), Id, "lab-2");
        Guid[] calls = [Guid.NewGuid(), Guid.NewGuid()];

        Assert.Equal(error, RoundTrip(error));
        Assert.Equal(error with { ProcessId = null }, RoundTrip(error with { ProcessId = null }));
        Assert.Equal(calls, RoundTrip(calls));
        Assert.Equal(new WireHandle(Id, "lab-2"), RoundTrip(new WireHandle(Id, "lab-2")));
    }

    [Fact]
    public void StartSpec_RoundTripsEveryField()
    {
        var spec = new ProcessStartSpec("/bin/server")
        {
            Arguments = ["--port", "5000"],
            Environment = new Dictionary<string, string?> { ["A"] = "1", ["B"] = null },
            WorkingDirectory = "/tmp",
            Id = Id,
            ParentId = WttProcessId.New(),
            GroupId = WttProcessId.New(),
            Kind = ProcessKind.WttBased,
            CreationFlags = ProcessCreationFlags.NewProcessGroup,
            RunAs = new ProcessCredentials("lab") { Domain = "d", Password = "p" },
            CaptureOutput = false,
            LogFiles = ["/var/log/a.log"],
            DebugTimeout = TimeSpan.FromSeconds(7),
        };

        var back = RoundTrip(spec);

        Assert.Equal(spec.Arguments, back.Arguments);
        Assert.Equal(spec.Environment, back.Environment);
        Assert.Equal(spec.LogFiles, back.LogFiles);
        Assert.Equal(spec with { Arguments = back.Arguments, Environment = back.Environment, LogFiles = back.LogFiles }, back);
    }

    [Fact]
    public void ProcessInfo_RoundTripsEveryField()
    {
        var now = new DateTimeOffset(2026, 11, 30, 5, 0, 0, TimeSpan.FromHours(1));
        var info = new ProcessInfo(Id)
        {
            ParentId = WttProcessId.New(),
            GroupId = WttProcessId.New(),
            Machine = "lab-02",
            InvokedFrom = "lab-01",
            Kind = ProcessKind.WttBased,
            Status = ProcessStatus.Initialized,
            Pid = 42,
            ExitCode = 3,
            CreatedAt = now,
            StartedAt = now.AddSeconds(1),
            EndedAt = null,
            LastHeartbeat = now.AddSeconds(2),
            HeartbeatAge = TimeSpan.FromMilliseconds(1500),
            DebugTimeout = TimeSpan.FromSeconds(9),
            FileName = "/bin/server",
            Arguments = ["a"],
            Threads = [new ThreadInfo("main") { OsThreadId = 7, State = "S", LastBeat = now, HeartbeatTimeout = TimeSpan.FromSeconds(3), IsStuck = true, Comments = ["loading"] }],
            LogFiles = [new LogFileInfo("main", "/var/log/a.log")],
            Variations = [new VariationRecord("v1", VariationOutcome.Passed, TimeSpan.FromSeconds(1), now)],
        };

        var back = RoundTrip(info);

        Assert.Equal(info.Threads[0] with { Comments = back.Threads[0].Comments }, back.Threads[0]);
        Assert.Equal(info.LogFiles, back.LogFiles);
        Assert.Equal(info.Variations, back.Variations);
        Assert.Equal(info with { Arguments = back.Arguments, Threads = back.Threads, LogFiles = back.LogFiles, Variations = back.Variations }, back);
    }

    [Fact]
    public void Results_RoundTrip()
    {
        var wait = new WaitResult(WaitOutcome.DebugBreak, 1, [new WaitEntry(Id, "m", WaitEntryOutcome.DebugBreak, ProcessStatus.Running) { HeartbeatAge = TimeSpan.FromSeconds(31) }]);
        var signal = new SignalResult([new SignalEntry(Id, null, SignalOutcome.AlreadyExited) { Status = ProcessStatus.Exited, ExitCode = 1 }]);

        Assert.Equal(wait.Entries, RoundTrip(wait).Entries);
        Assert.Equal(signal.Entries, RoundTrip(signal).Entries);
    }

    [Fact]
    public void Options_RoundTrip()
    {
        var wait = new WaitOptions { Mode = WaitMode.Any, Target = WaitTarget.Initialized, Timeout = Timeout.InfiniteTimeSpan, DebugTimeout = TimeSpan.FromSeconds(2) };
        var terminate = new TerminateOptions { GracePeriod = TimeSpan.Zero, PoliteSignal = null };
        var tail = new TailOptions { LogName = "main", Start = TailStart.End, Follow = false };

        Assert.Equal(wait, RoundTrip(wait));
        Assert.Equal(terminate, RoundTrip(terminate));
        Assert.Equal(tail, RoundTrip(tail));
    }

    [Fact]
    public void WireRecords_RoundTrip()
    {
        var set = new WireSet(ProcessSetKind.Handles, [new WireHandle(Id), new WireHandle(Id, "c")], Id, "m");
        var error = new WireError(nameof(WttErrorCode.UnknownProcess), Id, "m");

        var back = RoundTrip(set);

        Assert.Equal(set.Handles, back.Handles);
        Assert.Equal(set with { Handles = back.Handles }, back);
        Assert.Equal(error, RoundTrip(error));
        Assert.Equal(new WireError("Closed"), RoundTrip(new WireError("Closed")));
        Assert.Equal(new WireListOptions { Machine = "m", ResolveRemote = true, IncludeDetails = true }, RoundTrip(new WireListOptions { Machine = "m", ResolveRemote = true, IncludeDetails = true }));
        Assert.Equal([1, 2], RoundTrip(new WireSignal("go", [1, 2])).Payload);
    }

    [Fact]
    public void OutputChunk_RoundTripsItsBytes()
    {
        var chunk = new OutputChunk(Id, OutputSource.Log, 10, new byte[] { 1, 2, 3 }) { Machine = "m", LogName = "main", Restarted = true };

        var back = RoundTrip(chunk);

        Assert.Equal(chunk.Data.ToArray(), back.Data.ToArray());
        Assert.Equal(chunk with { Data = back.Data }, back);
    }

    private static T RoundTrip<T>(T value)
        => MessagePackSerializer.Deserialize<T>(MessagePackSerializer.Serialize(value, WttMessagePack.Options), WttMessagePack.Options);
}
