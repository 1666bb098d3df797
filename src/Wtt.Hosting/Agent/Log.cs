// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Logging;

namespace Wtt.Hosting;

/// <summary>The hosted agent's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1300, EventName = "WttAgentStarting", Level = LogLevel.Debug, Message = "Wtt agent starting for machine {MachineName} (table {TableFolder}).")]
    public static partial void AgentStarting(ILogger logger, string machineName, string tableFolder);

    [LoggerMessage(EventId = 1301, EventName = "WttHostRegistered", Level = LogLevel.Information, Message = "This host is Wtt process {ProcessId} on machine {MachineName}.")]
    public static partial void HostRegistered(ILogger logger, WttProcessId processId, string machineName);

    [LoggerMessage(EventId = 1302, EventName = "WttListenerStarted", Level = LogLevel.Information, Message = "Wtt agent listening on {Address} (endpoint {Endpoint}, anonymous callers {Anonymous}).")]
    public static partial void ListenerStarted(ILogger logger, Uri address, string endpoint, bool anonymous);

    [LoggerMessage(EventId = 1303, EventName = "WttListenerFailed", Level = LogLevel.Error, Message = "Wtt agent listener {Address} stopped while the host was running; callers cannot reach it until the host restarts.")]
    public static partial void ListenerFailed(ILogger logger, Exception? exception, Uri address);

    [LoggerMessage(EventId = 1304, EventName = "WttAgentStartFailed", Level = LogLevel.Error, Message = "Wtt agent could not listen on {Endpoint}.")]
    public static partial void StartFailed(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(EventId = 1305, EventName = "WttAgentStopped", Level = LogLevel.Information, Message = "Wtt agent stopped ({ListenerCount} listeners closed).")]
    public static partial void AgentStopped(ILogger logger, int listenerCount);

    [LoggerMessage(EventId = 1307, EventName = "WttCallerRefused", Level = LogLevel.Warning, Message = "Wtt agent on {Address} turned a caller away ({Code}): {Reason}")]
    public static partial void CallerRefused(ILogger logger, Uri address, WttErrorCode code, string reason);

    [LoggerMessage(EventId = 1306, EventName = "WttAgentStopFailed", Level = LogLevel.Warning, Message = "Wtt agent: closing {What} failed.")]
    public static partial void StopFailed(ILogger logger, Exception exception, string what);
}
