// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;
using StreamJsonRpc;
using Wtt.Transports.Protocol;

namespace Wtt.Transports;

internal sealed partial class AgentRpcTarget
{
    private static readonly JsonRpcEnumerableSettings StreamSettings = new() { MinBatchSize = 1, MaxReadAhead = 16 };

    /// <summary>Creates a process; the spec is checked here first, so a served client never sees one that could crash native code.</summary>
    public Task<WireHandle> CreateAsync(Guid callId, ProcessStartSpec spec, CancellationToken cancellationToken)
        => RunAsync(callId, spec, static async (self, spec, ct) =>
        {
            (spec ?? throw WttException.InvalidArgument("create needs a spec.")).Validate();
            return self.Keep(await self.served.CreateProcessAsync(spec, ct).ConfigureAwait(false));
        }, cancellationToken);

    public Task<WireHandle> OpenAsync(Guid callId, WttProcessId id)
        => RunAsync(callId, id, static async (self, id, ct) => ToWire(await self.served.OpenProcessAsync(id, null, ct).ConfigureAwait(false)), connectionEnded);

    public Task<WireHandle> OpenAsync(Guid callId, WttProcessId id, string? machine, CancellationToken cancellationToken = default)
        => RunAsync(callId, (id, machine), static async (self, s, ct) => ToWire(await self.served.OpenProcessAsync(s.id, s.machine, ct).ConfigureAwait(false)), cancellationToken);

    public Task<bool> CloseAsync(Guid callId, WttProcessId id)
        => RunAsync(callId, id, static async (self, id, _) =>
        {
            if (!self.handles.TryRemove(id, out var handle))
            {
                return false;
            }

            await handle.DisposeAsync().ConfigureAwait(false);
            return true;
        }, connectionEnded);

    public Task<SignalResult> SignalAsync(Guid callId, WireSet processes, WireSignal signal, CancellationToken cancellationToken = default)
        => RunAsync(callId, (processes, signal), static (self, s, ct) => self.served.SignalAsync(WireMapping.FromWire(s.processes, self.Resolve), WireMapping.FromWire(s.signal), ct), cancellationToken);

    public Task<SignalResult> TerminateAsync(Guid callId, WireSet processes, TerminateOptions? options = null, CancellationToken cancellationToken = default)
        => RunAsync(callId, (processes, options), static (self, s, ct) => self.served.TerminateAsync(WireMapping.FromWire(s.processes, self.Resolve), s.options, ct), cancellationToken);

    public Task<WaitResult> WaitAsync(Guid callId, WireSet processes, WaitOptions? options = null, CancellationToken cancellationToken = default)
        => RunAsync(callId, (processes, options), static (self, s, ct) => self.served.WaitAsync(WireMapping.FromWire(s.processes, self.Resolve), s.options, ct), cancellationToken);

    public Task<ProcessInfo> InfoAsync(Guid callId, WttProcessId id)
        => RunAsync(callId, id, static (self, id, ct) => self.served.GetProcessInfoAsync(self.Resolve(id), ct), connectionEnded);

    public Task<ProcessInfo> InfoAsync(Guid callId, WttProcessId id, string? machine, CancellationToken cancellationToken = default)
        => RunAsync(callId, (id, machine), static (self, s, ct) => self.served.GetProcessInfoAsync(self.Resolve(s.id, s.machine), ct), cancellationToken);

    public Task<ProcessInfo> InfoAsync(Guid callId, WireHandle process, CancellationToken cancellationToken = default)
        => RunAsync(callId, process, static (self, process, ct) => self.served.GetProcessInfoAsync(self.Resolve(process), ct), cancellationToken);

    public Task<ProcessInfo?> CurrentInfoAsync(Guid callId)
        => RunAsync(callId, 0, static (self, _, ct) => self.served.GetCurrentProcessInfoAsync(ct), connectionEnded);

    public Task<IReadOnlyList<ProcessInfo>> ListAsync(Guid callId, WireListOptions? options = null, CancellationToken cancellationToken = default)
        => RunAsync(callId, options, static (self, options, ct) => self.served.GetProcessListAsync(WireMapping.FromWire(options, self.Resolve), ct), cancellationToken);

    public IAsyncEnumerable<OutputChunk> Tail(Guid callId, WireHandle process, TailOptions? options = null)
    {
        var handle = Resolve(process);
        return StreamAsync(callId, ct => served.TailLogAsync(handle, options, ct)).WithJsonRpcSettings(StreamSettings);
    }

    public IAsyncEnumerable<OutputChunk> Output(Guid callId, WireHandle process, OutputReadOptions? options = null)
    {
        var handle = Resolve(process);
        return StreamAsync(callId, ct => served.ReadOutputAsync(handle, options, ct)).WithJsonRpcSettings(StreamSettings);
    }

    private async IAsyncEnumerable<OutputChunk> StreamAsync(Guid callId, Func<CancellationToken, IAsyncEnumerable<OutputChunk>> open, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        journal.Begin(caller, callId);
        try
        {
            await foreach (var chunk in open(stop.Token).WithCancellation(stop.Token).ConfigureAwait(false))
            {
                yield return chunk;
            }
        }
        finally
        {
            // A stream the caller ended or that failed is answered; one cut short by the agent's stop stays unfinished.
            if (!stopping.IsCancellationRequested)
            {
                journal.End(caller, callId);
            }
        }
    }
}
