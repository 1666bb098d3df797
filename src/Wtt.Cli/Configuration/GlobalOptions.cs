// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;

namespace Wtt.Cli.Configuration;

/// <summary>The options every command takes.</summary>
internal static class GlobalOptions
{
    /// <summary>Gets <c>--config FILE</c>.</summary>
    public static Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = "A JSON configuration file with a \"Wtt\" section, read after /etc/wtt/wtt.json and ~/.config/wtt/wtt.json.",
        Recursive = true,
    };

    /// <summary>Gets <c>--set Key=Value</c>.</summary>
    public static Option<string[]> Set { get; } = new("--set")
    {
        Description = "A configuration value, such as Wtt:Machines:lab2=tcp://10.0.0.9:7447 or Wtt:SharedSecret=...; repeatable; wins over files and WTT_ variables.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Gets <c>--json</c>.</summary>
    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Write one JSON document (camelCase properties) instead of text, for scripts.",
        Recursive = true,
    };

    /// <summary>Gets <c>--machine</c> for the commands that act on one machine.</summary>
    /// <returns>A new option.</returns>
    public static Option<string?> Machine() => new("--machine", "-m")
    {
        Description = "The machine (a name of Wtt:Machines); this machine when left out.",
    };
}
