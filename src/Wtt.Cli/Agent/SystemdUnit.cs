// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Cli.Agent;

/// <summary>The systemd unit <c>wtt agent --print-unit</c> writes, pointing at the installed tool.</summary>
internal static class SystemdUnit
{
    /// <summary>Writes the unit.</summary>
    /// <param name="watchdog">The unit's <c>WatchdogSec=</c>.</param>
    /// <returns>The unit's text.</returns>
    public static string Text(TimeSpan watchdog)
    {
        var process = Environment.ProcessPath ?? "wtt";
        var viaDotnet = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var exec = viaDotnet ? $"{process} {Path.Combine(AppContext.BaseDirectory, "wtt.dll")}" : process;

        // A tool's apphost finds the runtime through DOTNET_ROOT when dotnet is not installed in the usual place.
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        return $"""
            # Wtt agent: serves this machine's processes to the lab. Install: wtt agent --print-unit > /etc/systemd/system/wtt-agent.service
            # then: systemctl daemon-reload && systemctl enable --now wtt-agent (docs/hosting.md, "Install").
            [Unit]
            Description=Wtt agent
            Wants=network-online.target
            After=network-online.target

            [Service]
            Type=notify
            NotifyAccess=main
            ExecStart={exec} agent
            # The secret: WTT_Wtt__SharedSecret=... in a file only root reads (chmod 600).
            EnvironmentFile=-/etc/wtt/agent.env
            Environment=DOTNET_ROOT={dotnetRoot}
            StateDirectory=wtt
            Environment=WTT_Wtt__Agent__JournalFolder=/var/lib/wtt/journal
            WatchdogSec={(int)Math.Ceiling(watchdog.TotalSeconds)}
            Restart=on-failure
            RestartSec=2
            # The processes the agent started outlive a restart of the agent; each gets a cgroup of its own below the agent's.
            KillMode=process
            Delegate=yes

            [Install]
            WantedBy=multi-user.target

            """;
    }
}
