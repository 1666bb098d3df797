// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Tests.Transports;

/// <summary>What every transport does: connect to a listener, report its address, refuse bad addresses, close.</summary>
public abstract class TransportTests
{
    protected const int Timeout = 20_000;

    protected abstract IWttTransport Transport { get; }

    protected abstract Uri ListenAddress { get; }

    [Fact(Timeout = Timeout)]
    public async Task Connect_ToListener_GivesAFullDuplexStream()
    {
        await using var listener = await Transport.ListenAsync(ListenAddress);
        var accepting = listener.AcceptAsync().AsTask();

        await using var caller = await Transport.ConnectAsync(listener.Address);
        await using var agent = await accepting;
        await caller.WriteAsync("ping"u8.ToArray());
        await caller.FlushAsync();
        var buffer = new byte[4];
        await agent.ReadExactlyAsync(buffer);
        await agent.WriteAsync("pong"u8.ToArray());
        await agent.FlushAsync();
        var answer = new byte[4];
        await caller.ReadExactlyAsync(answer);

        Assert.Equal("ping"u8.ToArray(), buffer);
        Assert.Equal("pong"u8.ToArray(), answer);
    }

    [Fact(Timeout = Timeout)]
    public async Task Accept_AfterDispose_ThrowsClosed()
    {
        var listener = await Transport.ListenAsync(ListenAddress);
        var accepting = listener.AcceptAsync().AsTask();

        await listener.DisposeAsync();

        var error = await Assert.ThrowsAsync<WttException>(() => accepting);
        Assert.Equal(WttErrorCode.Closed, error.ErrorCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task Connect_AfterTheListenerClosed_FailsWithMachineUnreachable()
    {
        var listener = await Transport.ListenAsync(ListenAddress);
        var address = listener.Address;
        await listener.DisposeAsync();

        var error = await Assert.ThrowsAsync<WttException>(async () => await Transport.ConnectAsync(address));

        Assert.Equal(WttErrorCode.MachineUnreachable, error.ErrorCode);
        Assert.Contains(address.Host, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Connect_WithAnotherScheme_FailsWithInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<WttException>(async () => await Transport.ConnectAsync(new Uri("other://x:1")));

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
    }
}

public sealed class TcpTransportTests : TransportTests
{
    protected override IWttTransport Transport { get; } = new TcpTransport();

    protected override Uri ListenAddress { get; } = new("tcp://127.0.0.1:0");

    [Fact(Timeout = Timeout)]
    public async Task Listen_OnPortZero_ReportsTheRealPort()
    {
        await using var listener = await Transport.ListenAsync(ListenAddress);

        Assert.NotEqual(0, listener.Address.Port);
        Assert.Equal("127.0.0.1", listener.Address.Host);
    }

    [Fact]
    public void IsLoopback_KnowsLoopbackAddresses()
    {
        Assert.True(TcpTransport.IsLoopback(new Uri("tcp://127.0.0.1:1")));
        Assert.True(TcpTransport.IsLoopback(new Uri("tcp://localhost:1")));
        Assert.True(TcpTransport.IsLoopback(new Uri("tcp://[::1]:1")));
        Assert.False(TcpTransport.IsLoopback(new Uri("tcp://0.0.0.0:1")));
        Assert.False(TcpTransport.IsLoopback(new Uri("tcp://10.1.2.3:1")));
    }
}

public sealed class NamedPipeTransportTests : TransportTests, IDisposable
{
    private readonly NamedPipeTransport transport = new(Path.Combine(Path.GetTempPath(), "wtt-p-" + Guid.NewGuid().ToString("N")[..8]));

    protected override IWttTransport Transport => transport;

    protected override Uri ListenAddress { get; } = new("pipe://agent");

    /// <summary>Removes the test's socket folder.</summary>
    public void Dispose()
    {
        if (Directory.Exists(transport.SocketFolder))
        {
            Directory.Delete(transport.SocketFolder, recursive: true);
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task Listen_OnUnix_OnlyTheOwnerMayUseTheSocket()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var listener = await Transport.ListenAsync(ListenAddress);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(transport.SocketFolder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(transport.SocketPath(ListenAddress)));
    }

    [Fact(Timeout = Timeout)]
    public async Task Listen_TwiceOnOneName_FailsWithInvalidArgument()
    {
        await using var listener = await Transport.ListenAsync(ListenAddress);

        var error = await Assert.ThrowsAsync<WttException>(async () => await Transport.ListenAsync(ListenAddress));

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task Listen_OverAStaleSocketFile_ReplacesIt()
    {
        var first = await Transport.ListenAsync(ListenAddress);
        await first.DisposeAsync();
        await File.WriteAllTextAsync(transport.SocketPath(ListenAddress), "stale");

        await using var second = await Transport.ListenAsync(ListenAddress);
        var accepting = second.AcceptAsync().AsTask();
        await using var caller = await Transport.ConnectAsync(ListenAddress);

        await using var agent = await accepting;
    }
}

public sealed class InMemoryTransportTests : TransportTests
{
    protected override IWttTransport Transport { get; } = new InMemoryTransport();

    protected override Uri ListenAddress { get; } = new("memory://agent");

    [Fact(Timeout = Timeout)]
    public async Task Listen_TwiceOnOneName_FailsWithInvalidArgument_AndNamesFreeUpOnDispose()
    {
        var listener = await Transport.ListenAsync(ListenAddress);

        var error = await Assert.ThrowsAsync<WttException>(async () => await Transport.ListenAsync(ListenAddress));
        await listener.DisposeAsync();
        await using var again = await Transport.ListenAsync(ListenAddress);

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
    }

    [Fact(Timeout = Timeout)]
    public async Task SeparateInstances_AreSeparateRegistries()
    {
        await using var listener = await Transport.ListenAsync(ListenAddress);

        var error = await Assert.ThrowsAsync<WttException>(async () => await new InMemoryTransport().ConnectAsync(ListenAddress));

        Assert.Equal(WttErrorCode.MachineUnreachable, error.ErrorCode);
    }
}
