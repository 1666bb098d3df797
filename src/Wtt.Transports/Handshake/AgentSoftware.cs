// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Reflection;

namespace Wtt.Transports.Handshake;

/// <summary>The agent's software as its <c>ok</c> line tells an admitted caller: <c>Wtt/&lt;version&gt;</c>.</summary>
internal static class AgentSoftware
{
    /// <summary>Gets <c>Wtt/</c> and this assembly's informational version without its source-revision suffix, such as <c>Wtt/0.1.0</c>.</summary>
    public static string Name { get; } = "Wtt/" + Version(typeof(AgentSoftware).Assembly);

    private static string Version(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
