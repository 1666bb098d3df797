// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core;

/// <summary>How a Wtt-based program attaches to its machine's Wtt.</summary>
public sealed class WttProcessAttachOptions
{
    /// <summary>Gets or sets the table folder.</summary>
    /// <value>The <see cref="WttEnvironment.TableFolder"/> variable, else the machine's default.</value>
    public string? TableFolder { get; set; }

    /// <summary>Gets or sets the state folder root.</summary>
    /// <value>The <see cref="WttEnvironment.StateFolder"/> variable, else the machine's default (see <see cref="WttDefaultFolders"/>).</value>
    public string? StateFolder { get; set; }

    /// <summary>Gets the heartbeat monitor's settings.</summary>
    public HeartbeatMonitorOptions Heartbeats { get; init; } = new();

    /// <summary>Gets or sets where the attachment writes what a person must know, such as a stuck thread's name and comments.</summary>
    /// <value>A line on standard error.</value>
    public Action<string> Log { get; set; } = static line => Console.Error.WriteLine(line);

    /// <summary>Gets or sets the clock.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider Time { get; set; } = TimeProvider.System;
}
