// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Security;
using Wtt.Transports.Protocol;

namespace Wtt.Transports;

public sealed partial class RemoteWttClient
{
    /// <inheritdoc/>
    public async ValueTask<WttProcessHandle> CreateProcessAsync(ProcessStartSpec spec, CancellationToken cancellationToken = default)
    {
        if (spec is null)
        {
            throw WttException.InvalidArgument("CreateProcessAsync needs a ProcessStartSpec naming the file to start.");
        }

        spec.Validate();
        if (spec.RunAs?.Password is not null)
        {
            CheckPasswordMayTravel();
        }

        var wire = await CallAsync<WireHandle>(WttProtocol.Create, CallIds.Next(), cancellationToken, ("spec", spec with { Machine = WireMapping.Strip(spec.Machine, MachineName) }, typeof(ProcessStartSpec))).ConfigureAwait(false);
        return ToHandle(wire);
    }

    /// <inheritdoc/>
    public async ValueTask<WttProcessHandle> OpenProcessAsync(WttProcessId id, string? machine = null, CancellationToken cancellationToken = default)
    {
        if (id.IsNil)
        {
            throw WttException.InvalidArgument("OpenProcessAsync needs a process id; the nil id names no process.");
        }

        // A machine that is the agent's own is left out: a positional argument less to write and read on every open.
        var target = WireMapping.Strip(machine, MachineName);
        var wire = target is null
            ? await CallAsync<WireHandle>(WttProtocol.Open, CallIds.Next(), cancellationToken, ("id", id, typeof(WttProcessId))).ConfigureAwait(false)
            : await CallAsync<WireHandle>(WttProtocol.Open, CallIds.Next(), cancellationToken, ("id", id, typeof(WttProcessId)), ("machine", target, typeof(string))).ConfigureAwait(false);
        return new WttProcessHandle(wire.Id, wire.Machine ?? MachineName);
    }

    /// <inheritdoc/>
    public async ValueTask<SignalResult> SignalAsync(ProcessSet processes, WttSignal signal, CancellationToken cancellationToken = default)
    {
        var set = ToWire(processes);
        var wireSignal = WireMapping.ToWire(signal ?? throw WttException.InvalidArgument("SignalAsync needs a signal, such as WttSignal.Shutdown."));
        var result = await CallAsync<SignalResult>(WttProtocol.Signal, CallIds.Next(), cancellationToken, ("processes", set, typeof(WireSet)), ("signal", wireSignal, typeof(WireSignal))).ConfigureAwait(false);
        return Name(result);
    }

    /// <inheritdoc/>
    public async ValueTask<SignalResult> TerminateAsync(ProcessSet processes, TerminateOptions? options = null, CancellationToken cancellationToken = default)
    {
        var set = ToWire(processes);
        options?.Validate();
        var result = await CallAsync<SignalResult>(WttProtocol.Terminate, CallIds.Next(), cancellationToken, ("processes", set, typeof(WireSet)), ("options", options, typeof(TerminateOptions))).ConfigureAwait(false);
        return Name(result);
    }

    /// <inheritdoc/>
    public async ValueTask<WaitResult> WaitAsync(ProcessSet processes, WaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        var set = ToWire(processes);
        options?.Validate();
        var result = await CallAsync<WaitResult>(WttProtocol.Wait, CallIds.Next(), cancellationToken, ("processes", set, typeof(WireSet)), ("options", options, typeof(WaitOptions))).ConfigureAwait(false);
        return result with { Entries = [.. result.Entries.Select(e => e.Machine is null ? e with { Machine = MachineName } : e)] };
    }

    /// <inheritdoc/>
    public async ValueTask<ProcessInfo> GetProcessInfoAsync(WttProcessHandle process, CancellationToken cancellationToken = default)
    {
        var handle = ToWire(process);
        var info = await CallAsync<ProcessInfo>(WttProtocol.Info, CallIds.Next(), cancellationToken, ("process", handle, typeof(WireHandle))).ConfigureAwait(false);
        return Name(info);
    }

    /// <inheritdoc/>
    public async ValueTask<ProcessInfo?> GetCurrentProcessInfoAsync(CancellationToken cancellationToken = default)
    {
        var info = await CallAsync<ProcessInfo?>(WttProtocol.CurrentInfo, CallIds.Next(), cancellationToken).ConfigureAwait(false);
        return info is null ? null : Name(info);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ProcessInfo>> GetProcessListAsync(ProcessListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var wire = options is null ? null : WireMapping.ToWire(options, MachineName);
        var list = await CallAsync<IReadOnlyList<ProcessInfo>>(WttProtocol.List, CallIds.Next(), cancellationToken, ("options", wire, typeof(WireListOptions))).ConfigureAwait(false);
        return [.. (list ?? []).Select(Name)];
    }

    private WireHandle ToWire(WttProcessHandle process)
        => process is null
            ? throw WttException.InvalidArgument("The call needs a handle; pass one from CreateProcessAsync or OpenProcessAsync.")
            : WireMapping.ToWire(process, MachineName);

    private WireSet ToWire(ProcessSet processes)
        => processes is null
            ? throw WttException.InvalidArgument("The call needs a process set: ProcessSet.Of, Tree or Group.")
            : WireMapping.ToWire(processes, MachineName);

    private WttProcessHandle ToHandle(WireHandle wire)
        => new(wire.Id, wire.Machine ?? MachineName, CloseRemoteAsync);

    private ProcessInfo Name(ProcessInfo info) => info.Machine is null ? info with { Machine = MachineName } : info;

    private SignalResult Name(SignalResult result)
        => result with { Entries = [.. result.Entries.Select(e => e.Machine is null ? e with { Machine = MachineName } : e)] };

    private async ValueTask CloseRemoteAsync(WttProcessHandle handle)
    {
        if (!IsConnected)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await CallAsync<bool>(WttProtocol.Close, CallIds.Next(), timeout.Token, ("id", handle.Id, typeof(WttProcessId))).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WttException or OperationCanceledException)
        {
            // Best effort: the agent releases the connection's handles when it closes anyway.
        }
    }

    /// <summary>
    /// A <c>RunAs</c> password travels only over a connection whose agent proved who it serves (the secret, or a
    /// client certificate it accepted) and that nobody between can read: TLS, a pipe, memory, loopback tcp, or a
    /// custom transport (whose author answers for it). Plain tcp to another computer never carries one.
    /// </summary>
    private void CheckPasswordMayTravel()
    {
        var tls = stream as SslStream;
        if (!IsAuthenticated && tls is not { IsMutuallyAuthenticated: true })
        {
            throw new WttException(WttErrorCode.AccessDenied, $"A password is never sent over an unauthenticated connection; connect to {MachineName} with the shared secret or a client certificate.", machine: MachineName);
        }

        if (tls is not { IsEncrypted: true } && string.Equals(Address.Scheme, "tcp", StringComparison.OrdinalIgnoreCase) && !TcpTransport.IsLoopback(Address))
        {
            throw new WttException(WttErrorCode.AccessDenied, $"A password is never sent in clear text, and {MachineName} is reached over plain tcp ({Address}). Reach it over tcps:// (TLS), or start the process without RunAs.Password.", machine: MachineName);
        }
    }
}
