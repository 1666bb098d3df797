// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Wtt.Hosting;

namespace Wtt.Cli.Agent;

/// <summary>
/// What Microsoft.Extensions.Hosting.Systemd leaves out: <c>READY=1</c> when the agent listens even if systemd is not the
/// parent process it looks for, and the watchdog. With <c>WATCHDOG_USEC</c> set (unit's <c>WatchdogSec=</c>), sends
/// <c>WATCHDOG=1</c> every half interval while <see cref="WttAgentHealthCheck"/> says the agent is healthy, so a dead
/// listener gets the agent restarted (<c>Restart=on-failure</c>).
/// </summary>
/// <param name="notifier">The notify socket (<c>NOTIFY_SOCKET</c>).</param>
/// <param name="lifetime">The host's lifetime: <see cref="SystemdLifetime"/> sends <c>READY=1</c> itself.</param>
/// <param name="health">The agent's health.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The log.</param>
internal sealed class SystemdWatchdog(ISystemdNotifier notifier, IHostLifetime lifetime, WttAgentHealthCheck health, TimeProvider time, ILogger<SystemdWatchdog> logger) : BackgroundService
{
    private volatile bool toldReady;

    /// <summary>Gets the watchdog interval systemd asked for, from <c>WATCHDOG_USEC</c> (and <c>WATCHDOG_PID</c>, when set, naming this process).</summary>
    /// <returns>The interval, or <see langword="null"/> when there is no watchdog for this process.</returns>
    public static TimeSpan? Interval()
    {
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;
    }

    /// <inheritdoc/>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        if (toldReady)
        {
            Notify(ServiceState.Stopping);
        }

        return base.StopAsync(cancellationToken);
    }

    /// <summary>Sends a notification; a notify socket that went away is logged, not fatal to the agent.</summary>
    private bool Notify(ServiceState state)
    {
        try
        {
            notifier.Notify(state);
            return true;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            Log.NotifyFailed(logger, ex, state.ToString());
            return false;
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled)
        {
            return;
        }

        // Hosted services start in order: the agent, registered before, listens by now.
        if (lifetime is not SystemdLifetime)
        {
            toldReady = Notify(ServiceState.Ready);
        }

        var interval = Interval();
        Log.Ready(logger, interval is { } i ? $"{i.TotalSeconds / 2:0.###}s" : "never: no WATCHDOG_USEC");
        if (interval is null)
        {
            return;
        }

        var watchdog = new ServiceState("WATCHDOG=1");
        using var timer = new PeriodicTimer(interval.Value / 2, time);
        var withheld = false;
        do
        {
            var report = await health.CheckHealthAsync(new HealthCheckContext(), stoppingToken).ConfigureAwait(false);
            if (report.Status == HealthStatus.Healthy)
            {
                Notify(watchdog);
                withheld = false;
            }
            else if (!withheld)
            {
                Log.WatchdogWithheld(logger, report.Description);
                withheld = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
