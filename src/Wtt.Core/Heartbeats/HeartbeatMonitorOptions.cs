// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>Options of a <see cref="HeartbeatMonitor"/>.</summary>
public sealed class HeartbeatMonitorOptions
{
    /// <summary>Gets or sets how often the monitor checks the threads and stamps the row.</summary>
    /// <value>1 second.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long a thread may go between beats when it registers without a timeout.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan DefaultThreadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets whether a stuck thread breaks into an attached debugger (<see cref="System.Diagnostics.Debugger.Break"/>).</summary>
    /// <value><see langword="false"/>.</value>
    public bool BreakIntoDebugger { get; set; }

    /// <summary>Checks the options and throws what is wrong with them.</summary>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a non-positive interval or default timeout.</exception>
    public void Validate()
    {
        if (Interval <= TimeSpan.Zero)
        {
            throw WttException.InvalidArgument($"HeartbeatMonitorOptions.Interval is {Interval}; give a positive interval (1 second by default).");
        }

        WttTimeouts.ValidateDebugTimeout(DefaultThreadTimeout, "HeartbeatMonitorOptions.DefaultThreadTimeout");
    }
}
