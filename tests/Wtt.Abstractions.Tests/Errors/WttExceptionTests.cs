// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Tests.Errors;

public sealed class WttExceptionTests
{
    [Fact]
    public void Constructors_WithoutCode_UseUnknown()
    {
        var inner = new InvalidOperationException("inner");

        Assert.Equal(WttErrorCode.Unknown, new WttException().ErrorCode);
        Assert.False(string.IsNullOrEmpty(new WttException().Message));
        Assert.Equal(WttErrorCode.Unknown, new WttException("m").ErrorCode);
        var withInner = new WttException("m", inner);
        Assert.Equal(WttErrorCode.Unknown, withInner.ErrorCode);
        Assert.Same(inner, withInner.InnerException);
    }

    [Fact]
    public void Constructor_Full_KeepsEverything()
    {
        var id = WttProcessId.New();
        var inner = new IOException("io");

        var ex = new WttException(WttErrorCode.MachineUnreachable, "msg", inner, id, "lab-01");

        Assert.Equal(WttErrorCode.MachineUnreachable, ex.ErrorCode);
        Assert.Equal("msg", ex.Message);
        Assert.Same(inner, ex.InnerException);
        Assert.Equal(id, ex.ProcessId);
        Assert.Equal("lab-01", ex.Machine);
    }

    [Fact]
    public void Constructor_CodeAndMessage_HasNilProcessAndNoMachine()
    {
        var ex = new WttException(WttErrorCode.Timeout, "msg");

        Assert.True(ex.ProcessId.IsNil);
        Assert.Null(ex.Machine);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public void UnknownProcess_NamesIdMachineAndWhatToDo()
    {
        var id = WttProcessId.New();

        var ex = WttException.UnknownProcess(id, "lab-02");

        Assert.Equal(WttErrorCode.UnknownProcess, ex.ErrorCode);
        Assert.Equal(id, ex.ProcessId);
        Assert.Equal("lab-02", ex.Machine);
        Assert.Contains(id.ToString(), ex.Message);
        Assert.Contains("lab-02", ex.Message);
        Assert.Contains("GetProcessListAsync", ex.Message);
    }

    [Fact]
    public void UnknownProcess_NoMachine_SaysThisMachine()
        => Assert.Contains("this machine", WttException.UnknownProcess(WttProcessId.New()).Message);

    [Fact]
    public void InvalidArgument_CarriesCodeAndMessage()
    {
        var ex = WttException.InvalidArgument("bad");

        Assert.Equal(WttErrorCode.InvalidArgument, ex.ErrorCode);
        Assert.Equal("bad", ex.Message);
    }

    [Fact]
    public void ErrorCodes_KeepTheirWireNumbers()
    {
        var expected = new Dictionary<WttErrorCode, int>
        {
            [WttErrorCode.Unknown] = 1,
            [WttErrorCode.InvalidArgument] = 2,
            [WttErrorCode.UnknownProcess] = 3,
            [WttErrorCode.MachineUnreachable] = 4,
            [WttErrorCode.AgentRestarted] = 5,
            [WttErrorCode.AccessDenied] = 6,
            [WttErrorCode.TableFull] = 7,
            [WttErrorCode.FileNotFound] = 8,
            [WttErrorCode.InvalidWorkingDirectory] = 9,
            [WttErrorCode.StartFailed] = 10,
            [WttErrorCode.TableIncompatible] = 11,
            [WttErrorCode.ProtocolMismatch] = 12,
            [WttErrorCode.AuthenticationFailed] = 13,
            [WttErrorCode.MessageTooLarge] = 14,
            [WttErrorCode.TooManyCalls] = 15,
            [WttErrorCode.LogNotRegistered] = 16,
            [WttErrorCode.NotSupported] = 17,
            [WttErrorCode.DuplicateId] = 18,
            [WttErrorCode.Closed] = 19,
            [WttErrorCode.ProtocolError] = 20,
            [WttErrorCode.Timeout] = 21,
        };

        Assert.Equal(expected.Count, Enum.GetValues<WttErrorCode>().Length);
        foreach (var (code, number) in expected)
        {
            Assert.Equal(number, (int)code);
        }
    }
}
