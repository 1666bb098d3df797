// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.ProcessTable;

/// <summary>A table disposed while calls are in flight: no call reads unmapped memory, and every later call throws Closed.</summary>
public sealed class SharedMemoryProcessTableDisposeTests : IDisposable
{
    private readonly TempTableFolder _folder = new();

    private static readonly string[] MemberNames =
    [
        "TryGet", "TryGetHandle", "List", "GetDescendants", "GetGroupMembers", "Add", "Update", "Remove", "SetStatus",
        "StampHeartbeat", "StampHeartbeatHandle", "GetHandle", "PostEvent", "TakeEvents", "Reconcile", "ChangeCounter",
        "Count", "WaitForChange", "WaitForEvent",
    ];

    public static TheoryData<string> Members => new(MemberNames);

    public void Dispose() => _folder.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task Update_WhoseChangeDisposesTheTable_FinishesOnTheMappedView_ThenCallsThrowClosed()
    {
        var table = _folder.Open();
        var id = table.Add(new ProcessRecord(WttProcessId.New()) { Pid = 1 }).Id;

        // The dispose runs inside the update, between its read and its write of the row: the view must stay mapped
        // until the update returns (before the lease, the write went to unmapped memory and killed the process).
        var stored = table.Update(id, current =>
        {
            table.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return current with { Pid = 2 };
        });

        Assert.Equal(2, stored.Pid);
        Assert.Equal(WttErrorCode.Closed, Assert.Throws<WttException>(() => table.TryGet(id, out _)).ErrorCode);
        await table.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task TwoDisposesAtOnce_WhileAnUpdateHoldsTheView_ReleaseItOnce()
    {
        var table = _folder.Open();
        var id = table.Add(new ProcessRecord(WttProcessId.New()) { Pid = 1 }).Id;

        // Both disposes released the view's own references when they raced past the disposed check, and the view was
        // then unmapped under the update that still held it.
        var stored = table.Update(id, current =>
        {
            using var start = new Barrier(2);
            var disposes = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                table.DisposeAsync().AsTask().GetAwaiter().GetResult();
            })).ToArray();
            Task.WaitAll(disposes);
            return current with { Pid = 3 };
        });

        Assert.Equal(3, stored.Pid);
        Assert.Equal(WttErrorCode.Closed, Assert.Throws<WttException>(() => table.List()).ErrorCode);
        await table.DisposeAsync();
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Members))]
    public async Task Member_AfterDispose_ThrowsClosed(string member)
    {
        var table = _folder.Open();
        var id = table.Add(new ProcessRecord(WttProcessId.New()) { Pid = 1, GroupId = WttProcessId.New() }).Id;
        var handle = table.GetHandle(id);
        await table.DisposeAsync();

        var error = await Assert.ThrowsAsync<WttException>(() => Call(table, member, id, handle));

        Assert.Equal(WttErrorCode.Closed, error.ErrorCode);
        Assert.Contains("disposed", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Dispose_WhileThreadsCallEveryMember_EachCallSucceedsOrThrowsClosed()
    {
        var table = _folder.Open(capacity: 256);
        var ids = Enumerable.Range(0, 16).Select(_ => table.Add(new ProcessRecord(WttProcessId.New()) { Pid = 1 }).Id).ToArray();
                using var warmedUp = new CountdownEvent(MemberNames.Length);
        var callers = MemberNames.Select(member => Task.Factory.StartNew(
            async () =>
            {
                var handle = table.GetHandle(ids[0]);
                for (var call = 0; ; call++)
                {
                    try
                    {
                        await Call(table, member, ids[call % ids.Length], handle);
                    }
                    catch (WttException ex) when (ex.ErrorCode == WttErrorCode.Closed)
                    {
                        if (call < 100)
                        {
                            warmedUp.Signal(); // Disposed before this caller got going: still counts.
                        }

                        return call;
                    }
                    catch (WttException ex) when (ex.ErrorCode is WttErrorCode.UnknownProcess or WttErrorCode.DuplicateId or WttErrorCode.TableFull)
                    {
                        // Another caller removed or added the row meanwhile.
                    }

                    if (call == 100)
                    {
                        warmedUp.Signal();
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToArray();

        Assert.True(warmedUp.Wait(TimeSpan.FromSeconds(30)), "the callers did not get going");
        await table.DisposeAsync();

        var calls = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(calls, count => Assert.True(count >= 0));
    }

    private static async Task Call(SharedMemoryProcessTable table, string member, WttProcessId id, RowHandle handle)
    {
        switch (member)
        {
            case "TryGet":
                table.TryGet(id, out _);
                break;
            case "TryGetHandle":
                table.TryGet(handle, out _);
                break;
            case "List":
                table.List();
                break;
            case "GetDescendants":
                table.GetDescendants(id);
                break;
            case "GetGroupMembers":
                table.GetGroupMembers(WttProcessId.New());
                break;
            case "Add":
                var added = table.Add(new ProcessRecord(WttProcessId.New()));
                table.Remove(added.Id);
                break;
            case "Update":
                table.Update(id, current => current with { ThreadCount = current.ThreadCount + 1 });
                break;
            case "Remove":
                table.Remove(WttProcessId.New());
                break;
            case "SetStatus":
                table.SetStatus(id, ProcessStatus.Running);
                break;
            case "StampHeartbeat":
                table.StampHeartbeat(id, DateTimeOffset.UtcNow);
                break;
            case "StampHeartbeatHandle":
                table.StampHeartbeat(handle, DateTimeOffset.UtcNow);
                break;
            case "GetHandle":
                table.GetHandle(id);
                break;
            case "PostEvent":
                table.PostEvent(id, ProcessEventBits.QueuedEvents);
                break;
            case "TakeEvents":
                table.TakeEvents(id);
                break;
            case "Reconcile":
                table.Reconcile();
                break;
            case "ChangeCounter":
                _ = table.ChangeCounter;
                break;
            case "Count":
                _ = table.Count;
                break;
            case "WaitForChange":
                await table.WaitForChangeAsync(table.ChangeCounter, TimeSpan.FromMilliseconds(1));
                break;
            case "WaitForEvent":
                await table.WaitForEventAsync(id, -1, TimeSpan.FromMilliseconds(1));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(member), member, "no such member");
        }
    }
}
