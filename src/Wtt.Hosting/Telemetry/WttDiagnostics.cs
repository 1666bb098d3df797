// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Hosting;

/// <summary>The names under which Wtt publishes metrics and traces, for OpenTelemetry's <c>AddMeter</c> and <c>AddSource</c>.</summary>
/// <remarks>
/// Instruments of the <see cref="MeterName"/> meter: <c>wtt.processes.created</c> (processes created through
/// the hosted client or the agent; tag <c>wtt.origin</c> = <c>local</c> or <c>remote</c>),
/// <c>wtt.agent.calls</c> (remote calls served; tag <c>wtt.method</c>) and <c>wtt.agent.listener.failures</c>
/// (listeners that died while the host was running). Every client call runs in an activity of the
/// <see cref="ActivitySourceName"/> source named <c>Wtt.</c> + the method.
/// </remarks>
public static class WttDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "Wtt";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "Wtt";
}
