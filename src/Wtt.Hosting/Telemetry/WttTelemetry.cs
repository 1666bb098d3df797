// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Wtt.Hosting;

/// <summary>The <c>Wtt</c> meter, its instruments and the <c>Wtt</c> activity source.</summary>
internal static class WttTelemetry
{
    public static readonly ActivitySource Source = new(WttDiagnostics.ActivitySourceName, typeof(WttTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(WttDiagnostics.MeterName, typeof(WttTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> ProcessesCreated = Meter.CreateCounter<long>("wtt.processes.created", "{process}", "Processes created through the hosted client or the agent.");

    public static readonly Counter<long> CallsServed = Meter.CreateCounter<long>("wtt.agent.calls", "{call}", "Remote calls the agent served.");

    public static readonly Counter<long> CallersRefused = Meter.CreateCounter<long>("wtt.agent.callers.refused", "{connection}", "Callers the agent turned away before any call ran, by error code.");

    public static readonly Counter<long> ListenerFailures = Meter.CreateCounter<long>("wtt.agent.listener.failures", "{listener}", "Agent listeners that died while the host was running.");
}
