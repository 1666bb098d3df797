// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Configuration;
using Wtt.Cli.Common;

namespace Wtt.Cli.Configuration;

/// <summary>
/// Where <c>wtt</c> reads its configuration, later sources winning: <c>/etc/wtt/wtt.json</c>, <c>~/.config/wtt/wtt.json</c>
/// (or <c>$XDG_CONFIG_HOME/wtt/wtt.json</c>), the file of <c>--config</c>, <c>WTT_</c> environment variables
/// (<c>WTT_Wtt__SharedSecret</c>, <c>WTT_Wtt__Machines__lab2</c>), and <c>--set Key=Value</c>. All use the <c>Wtt</c> section of AddWttClient.
/// </summary>
internal static class CliConfiguration
{
    /// <summary>The machine-wide file.</summary>
    public const string SystemFile = "/etc/wtt/wtt.json";

    /// <summary>The prefix of the environment variables read.</summary>
    public const string EnvironmentPrefix = "WTT_";

    /// <summary>Gets the user's file.</summary>
    public static string UserFile
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config") : xdg;
            return Path.Combine(root, "wtt", "wtt.json");
        }
    }

    /// <summary>Builds the configuration.</summary>
    /// <param name="configFile">The file of <c>--config</c>; must exist when given.</param>
    /// <param name="settings">The <c>--set Key=Value</c> pairs (keys with <c>:</c>, such as <c>Wtt:SharedSecret</c>).</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="CliException">The file does not exist, is not JSON, or a setting has no '='.</exception>
    public static IConfigurationRoot Build(string? configFile, IEnumerable<string> settings)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(SystemFile, optional: true, reloadOnChange: false)
            .AddJsonFile(UserFile, optional: true, reloadOnChange: false);
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full))
            {
                throw new CliException($"--config '{configFile}' does not exist; give the path of a JSON file with a \"Wtt\" section.");
            }

            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        var pairs = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"--set '{setting}' has no key; write it as Key=Value, such as Wtt:Machines:lab2=tcp://10.0.0.9:7447.");
            }

            pairs[setting[..equals]] = setting[(equals + 1)..];
        }

        builder.AddInMemoryCollection(pairs);
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            throw new CliException($"The configuration could not be read: {ex.Message}");
        }
    }
}
