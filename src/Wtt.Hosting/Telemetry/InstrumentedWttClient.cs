// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;

namespace Wtt.Hosting;

/// <summary>
/// An <see cref="IWttClient"/> that forwards to another and records each call: an activity of the <c>Wtt</c>
/// source, processes created, and (when it is what the agent serves) calls served.
/// </summary>
/// <param name="inner">The client that does the work.</param>
/// <param name="served">Whether the calls come from remote callers through the agent.</param>
internal sealed class InstrumentedWttClient(IWttClient inner, bool served) : IWttClient
{
    private readonly KeyValuePair<string, object?> origin = new("wtt.origin", served ? "remote" : "local");

    /// <summary>Gets the client that does the work.</summary>
    public IWttClient Inner => inner;

    /// <inheritdoc/>
    public string MachineName => inner.MachineName;

    /// <inheritdoc/>
    public async ValueTask<WttProcessHandle> CreateProcessAsync(ProcessStartSpec spec, CancellationToken cancellationToken = default)
    {
        using var activity = Start(nameof(CreateProcessAsync));
        activity?.SetTag("wtt.file", spec?.FileName);
        var handle = await inner.CreateProcessAsync(spec!, cancellationToken).ConfigureAwait(false);
        if (served || spec?.Machine is null || string.Equals(spec.Machine, inner.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            WttTelemetry.ProcessesCreated.Add(1, origin);
        }

        activity?.SetTag("wtt.process", handle.ToString());
        return handle;
    }

    /// <inheritdoc/>
    public async ValueTask<WttProcessHandle> OpenProcessAsync(WttProcessId id, string? machine = null, CancellationToken cancellationToken = default)
    {
        using var activity = Start(nameof(OpenProcessAsync));
        return await inner.OpenProcessAsync(id, machine, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<SignalResult> SignalAsync(ProcessSet processes, WttSignal signal, CancellationToken cancellationToken = default)
    {
        using var activity = Start(nameof(SignalAsync));
        return await inner.SignalAsync(processes, signal, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<SignalResult> TerminateAsync(ProcessSet processes, TerminateOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var activity = Start(nameof(TerminateAsync));
        return await inner.TerminateAsync(processes, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<WaitResult> WaitAsync(ProcessSet processes, WaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var activity = Start(nameof(WaitAsync));
        return await inner.WaitAsync(processes, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<ProcessInfo> GetProcessInfoAsync(WttProcessHandle process, CancellationToken cancellationToken = default)
    {
        using var activity = Start(nameof(GetProcessInfoAsync));
        return await inner.GetProcessInfoAsync(process, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<ProcessInfo?> GetCurrentProcessInfoAsync(CancellationToken cancellationToken = default)
    {
        using var activity = Start(nameof(GetCurrentProcessInfoAsync));
        return await inner.GetCurrentProcessInfoAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ProcessInfo>> GetProcessListAsync(ProcessListOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var activity = Start(nameof(GetProcessListAsync));
        return await inner.GetProcessListAsync(options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<OutputChunk> TailLogAsync(WttProcessHandle process, TailOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var activity = Start(nameof(TailLogAsync));
        return inner.TailLogAsync(process, options, cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessHandle process, OutputReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var activity = Start(nameof(ReadOutputAsync));
        return inner.ReadOutputAsync(process, options, cancellationToken);
    }

    private Activity? Start(string method)
    {
        var name = method.EndsWith("Async", StringComparison.Ordinal) ? method[..^5] : method;
        if (served)
        {
            WttTelemetry.CallsServed.Add(1, new KeyValuePair<string, object?>("wtt.method", name));
        }

        var activity = WttTelemetry.Source.StartActivity("Wtt." + name, served ? ActivityKind.Server : ActivityKind.Internal);
        activity?.SetTag("wtt.machine", inner.MachineName);
        return activity;
    }
}
