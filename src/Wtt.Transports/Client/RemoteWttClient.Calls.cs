// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Security;
using Wtt.Transports.Protocol;

namespace Wtt.Transports;

public sealed partial class RemoteWttClient
{
    /// <inheritdoc/>
    public ValueTask<WttProcessHandle> CreateProcessAsync(ProcessStartSpec spec, CancellationToken cancellationToken = default)
    {
        if (spec is null)
        {
            return Refuse<WttProcessHandle>(WttException.InvalidArgument("CreateProcessAsync needs a ProcessStartSpec naming the file to start."));
        }

        try
        {
            spec.Validate();
            if (spec.RunAs?.Password is not null)
            {
                CheckPasswordMayTravel();
            }
        }
        catch (WttException ex)
        {
            return Refuse<WttProcessHandle>(ex);
        }

        var wire = spec with { Machine = WireMapping.Strip(spec.Machine, MachineName) };
        return CallAsync(WttProtocol.Create, [CallIds.Next(), wire], ArgumentTypes.Create, static (RemoteWttClient self, WireHandle handle) => self.ToHandle(handle), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<WttProcessHandle> OpenProcessAsync(WttProcessId id, string? machine = null, CancellationToken cancellationToken = default)
    {
        if (id.IsNil)
        {
            return Refuse<WttProcessHandle>(WttException.InvalidArgument("OpenProcessAsync needs a process id; the nil id names no process."));
        }

        // A machine that is the agent's own is left out: a positional argument less to write and read on every open.
        var target = WireMapping.Strip(machine, MachineName);
        return target is null
            ? CallAsync<WireHandle, WttProcessHandle>(WttProtocol.Open, [CallIds.Next(), id], ArgumentTypes.Open, OpenedHandle, cancellationToken)
            : CallAsync<WireHandle, WttProcessHandle>(WttProtocol.Open, [CallIds.Next(), id, target], ArgumentTypes.OpenOnMachine, OpenedHandle, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<SignalResult> SignalAsync(ProcessSet processes, WttSignal signal, CancellationToken cancellationToken = default)
    {
        WireSet set;
        WireSignal wireSignal;
        try
        {
            set = ToWire(processes);
            wireSignal = WireMapping.ToWire(signal ?? throw WttException.InvalidArgument("SignalAsync needs a signal, such as WttSignal.Shutdown."));
        }
        catch (WttException ex)
        {
            return Refuse<SignalResult>(ex);
        }

        return CallAsync<SignalResult, SignalResult>(WttProtocol.Signal, [CallIds.Next(), set, wireSignal], ArgumentTypes.Signal, NamedResult, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<SignalResult> TerminateAsync(ProcessSet processes, TerminateOptions? options = null, CancellationToken cancellationToken = default)
        => Check(processes, options, static o => o.Validate(), out var set) is { } refused
            ? Refuse<SignalResult>(refused)
            : CallAsync<SignalResult, SignalResult>(WttProtocol.Terminate, [CallIds.Next(), set, options], ArgumentTypes.Terminate, NamedResult, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<WaitResult> WaitAsync(ProcessSet processes, WaitOptions? options = null, CancellationToken cancellationToken = default)
        => Check(processes, options, static o => o.Validate(), out var set) is { } refused
            ? Refuse<WaitResult>(refused)
            : CallAsync(
                WttProtocol.Wait,
                [CallIds.Next(), set, options],
                ArgumentTypes.Wait,
                static (RemoteWttClient self, WaitResult result) => result with { Entries = [.. result.Entries.Select(e => e.Machine is null ? e with { Machine = self.MachineName } : e)] },
                cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ProcessInfo> GetProcessInfoAsync(WttProcessHandle process, CancellationToken cancellationToken = default)
    {
        if (process is null)
        {
            return Refuse<ProcessInfo>(NoHandle());
        }

        // As open: a process of the agent's own machine is named by its id alone, a form the agent answers without a token
        // of the call's own; another machine's by its id and the machine's name.
        var target = WireMapping.Strip(process.Machine, MachineName);
        return target is null
            ? CallAsync<ProcessInfo, ProcessInfo>(WttProtocol.Info, [CallIds.Next(), process.Id], ArgumentTypes.Info, NamedInfo, cancellationToken)
            : CallAsync<ProcessInfo, ProcessInfo>(WttProtocol.Info, [CallIds.Next(), process.Id, target], ArgumentTypes.InfoOnMachine, NamedInfo, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<ProcessInfo?> GetCurrentProcessInfoAsync(CancellationToken cancellationToken = default)
        => CallAsync(WttProtocol.CurrentInfo, [CallIds.Next()], ArgumentTypes.CurrentInfo, static (RemoteWttClient self, ProcessInfo? info) => info is null ? null : self.Name(info), cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ProcessInfo>> GetProcessListAsync(ProcessListOptions? options = null, CancellationToken cancellationToken = default)
    {
        WireListOptions? wire;
        try
        {
            wire = options is null ? null : WireMapping.ToWire(options, MachineName);
        }
        catch (WttException ex)
        {
            return Refuse<IReadOnlyList<ProcessInfo>>(ex);
        }

        return CallAsync(
            WttProtocol.List,
            [CallIds.Next(), wire],
            ArgumentTypes.List,
            static (RemoteWttClient self, IReadOnlyList<ProcessInfo>? list) => (IReadOnlyList<ProcessInfo>)[.. (list ?? []).Select(self.Name)],
            cancellationToken);
    }

    /// <summary>Makes the wire form of a call's process set and checks its options.</summary>
    /// <returns>The error that refuses the call, or <see langword="null"/> when <paramref name="set"/> is ready to send.</returns>
    private WttException? Check<TOptions>(ProcessSet processes, TOptions? options, Action<TOptions> validate, out WireSet? set)
        where TOptions : class
    {
        set = null;
        try
        {
            set = ToWire(processes);
            if (options is not null)
            {
                validate(options);
            }

            return null;
        }
        catch (WttException ex)
        {
            return ex;
        }
    }

    private static WttException NoHandle() => WttException.InvalidArgument("The call needs a handle; pass one from CreateProcessAsync or OpenProcessAsync.");

    private static WttProcessHandle OpenedHandle(RemoteWttClient self, WireHandle wire) => new(wire.Id, wire.Machine ?? self.MachineName);

    private static SignalResult NamedResult(RemoteWttClient self, SignalResult result) => self.Name(result);

    private static ProcessInfo NamedInfo(RemoteWttClient self, ProcessInfo info) => self.Name(info);

    private WireHandle ToWire(WttProcessHandle process)
        => process is null ? throw NoHandle() : WireMapping.ToWire(process, MachineName);

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
            await CallAsync(WttProtocol.Close, [CallIds.Next(), handle.Id], ArgumentTypes.Close, static (RemoteWttClient _, bool closed) => closed, timeout.Token).ConfigureAwait(false);
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
