// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.Contracts;

/// <content>Every member's error codes.</content>
public abstract partial class ProcessTableContractTests
{
    public static TheoryData<string> MembersTakingAnId => new()
    {
        nameof(IProcessTable.Update),
        nameof(IProcessTable.SetStatus),
        nameof(IProcessTable.StampHeartbeat),
        nameof(IProcessTable.PostEvent),
        nameof(IProcessTable.TakeEvents),
        nameof(IProcessTable.GetDescendants),
        nameof(IProcessTable.WaitForEventAsync),
    };

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(MembersTakingAnId))]
    public async Task Member_UnknownId_ThrowsUnknownProcess(string member)
    {
        var table = Create();
        table.Add(Row());
        await WttAssert.ThrowsAsync(WttErrorCode.UnknownProcess, () => CallAsync(table, member, WttProcessId.New()));
    }

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(MembersTakingAnId))]
    [InlineData(nameof(IProcessTable.GetGroupMembers))]
    public async Task Member_NilId_ThrowsInvalidArgument(string member)
    {
        var table = Create();
        table.Add(Row());
        await WttAssert.ThrowsAsync(WttErrorCode.InvalidArgument, () => CallAsync(table, member, WttProcessId.Nil));
    }

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(MembersTakingAnId))]
    public async Task Member_RemovedRow_ThrowsUnknownProcess(string member)
    {
        var table = Create();
        var row = table.Add(Row());
        table.Remove(row.Id);
        await WttAssert.ThrowsAsync(WttErrorCode.UnknownProcess, () => CallAsync(table, member, row.Id));
    }

    [Fact(Timeout = 10_000)]
    public async Task Waits_NegativeTimeout_ThrowInvalidArgument()
    {
        var table = Create();
        var row = table.Add(Row());
        await WttAssert.ThrowsAsync(WttErrorCode.InvalidArgument, async () => await table.WaitForChangeAsync(table.ChangeCounter, TimeSpan.FromSeconds(-2)));
        await WttAssert.ThrowsAsync(WttErrorCode.InvalidArgument, async () => await table.WaitForEventAsync(row.Id, 0, TimeSpan.FromMilliseconds(-5)));
    }

    private static async Task CallAsync(IProcessTable table, string member, WttProcessId id)
    {
        switch (member)
        {
            case nameof(IProcessTable.Update): table.Update(id, r => r with { Pid = 1 }); break;
            case nameof(IProcessTable.SetStatus): table.SetStatus(id, ProcessStatus.Exited); break;
            case nameof(IProcessTable.StampHeartbeat): table.StampHeartbeat(id, DateTimeOffset.UnixEpoch); break;
            case nameof(IProcessTable.PostEvent): table.PostEvent(id, ProcessEventBits.Shutdown); break;
            case nameof(IProcessTable.TakeEvents): table.TakeEvents(id); break;
            case nameof(IProcessTable.GetDescendants): table.GetDescendants(id); break;
            case nameof(IProcessTable.GetGroupMembers): table.GetGroupMembers(id); break;
            case nameof(IProcessTable.WaitForEventAsync): await table.WaitForEventAsync(id, 0, TimeSpan.Zero); break;
            default: throw new ArgumentOutOfRangeException(nameof(member), member, "No such member.");
        }
    }
}
