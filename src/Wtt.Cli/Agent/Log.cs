// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Logging;

namespace Wtt.Cli.Agent;

/// <summary>The log messages of <c>wtt agent</c>'s systemd notifications.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1400, EventName = "WttSystemdReady", Level = LogLevel.Information, Message = "Told systemd the agent is ready (watchdog every {Interval}).")]
    public static partial void Ready(ILogger logger, string interval);

    [LoggerMessage(EventId = 1401, EventName = "WttWatchdogWithheld", Level = LogLevel.Warning, Message = "The agent is unhealthy ({Description}); the systemd watchdog is not fed, so systemd restarts the agent if it stays so.")]
    public static partial void WatchdogWithheld(ILogger logger, string? description);

    [LoggerMessage(EventId = 1402, EventName = "WttSystemdNotifyFailed", Level = LogLevel.Warning, Message = "Could not tell systemd '{State}' through NOTIFY_SOCKET.")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, string state);
}
